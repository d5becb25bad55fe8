import * as path from "path";
/**
 * Runs index.ts under mocks with one example stack's config, and checks what every stack shares.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Recorded,
  engineStackConfig,
  setupMocks,
  setStackConfig,
  plainText,
  promiseOf,
  unwrap,
} from "./mocks";

export const STACK_PW = "stack-pw-9f8e7d";

export const GITHUB_TOKEN = "ghp_test-token-5a4b3c";

export async function runIndex(stack: string, withPassword: boolean) {
  const recorded: Recorded[] = [];
  await setupMocks(recorded, stack);
  const config: Record<string, string> = { "github:token": GITHUB_TOKEN };
  if (withPassword) config["pgseed:postgresPassword"] = STACK_PW;
  setStackConfig(stack, config, Object.keys(config));
  const program = await import("../../index");
  const outputs = {
    seedPath: await unwrap(program.seedPath),
    seedFingerprint: await unwrap(program.seedFingerprint),
    instanceUrls: await unwrap(program.instanceUrls),
    instanceFingerprints: await unwrap(program.instanceFingerprints),
    workflowPaths: await unwrap(program.workflowPaths),
  };
  await new Promise((r) => setTimeout(r, 100));
  return { recorded, outputs, byName: (n: string) => recorded.find((r) => r.name === n)! };
}

export function sharedChecks(stack: string, withPassword: boolean) {
  let run: Awaited<ReturnType<typeof runIndex>>;
  // instances 0 (seed-only, ci-fleet): no container, no image, no URL.
  const local = Number(engineStackConfig(process.cwd(), stack).config["pgseed:instances"]) > 0;
  beforeAll(async () => {
    run = await runIndex(stack, withPassword);
  });
  return {
    get: () => run,
    test: () => {
      it("computes the fingerprint and hands it to SeedDump, with plain engine settings", () => {
        const seed = run.byName("seed");
        expect(seed.type).toBe("pulumi-nodejs:dynamic/pgseed:SeedDump");
        expect(seed.inputs.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(seed.inputs.settings).toMatchObject({
          appDir: "examples/django-blog",
          seed: "seed-db.sql",
          preset: "django",
        });
      });
      it("wires SeedDump's path and sha256 into every container's uploads", () => {
        const containers = run.recorded.filter(
          (r) => r.type === "docker:index/container:Container",
        );
        if (local) expect(containers.length).toBeGreaterThan(0);
        else expect(run.recorded.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
        for (const c of containers) {
          // This checkout's seed (not the path recorded by whichever machine last ran SeedDump).
          expect(c.inputs.uploads[0]).toMatchObject({
            source: path.join(process.cwd(), "examples/django-blog/seed-db.sql"),
            sourceHash: `sha256:${"b".repeat(64)}`,
          });
          expect(c.inputs.labels[0].value).toBe(run.byName("seed").inputs.fingerprint);
        }
      });
      it("exports the seed path and fingerprint; the URLs as secrets", () => {
        expect(run.outputs.seedPath.value).toBe(
          path.join(process.cwd(), "examples/django-blog/seed-db.sql"),
        );
        expect(run.outputs.seedFingerprint.value).toBe(run.byName("seed").inputs.fingerprint);
        expect(run.outputs.instanceUrls.secret).toBe(true);
        for (const url of run.outputs.instanceUrls.value)
          expect(url).toMatch(/^postgresql:\/\/app:.+@.+:\d+\/app$/);
      });
      it("keeps the password out of every plain input", () => {
        const pw = withPassword ? STACK_PW : "generated-pw-XYZ";
        if (local) expect(run.outputs.instanceUrls.value.join(" ")).toContain(pw);
        else expect(run.outputs.instanceUrls.value).toEqual([]);
        for (const r of run.recorded) expect(plainText(r.inputs)).not.toContain(pw);
        for (const r of run.recorded) expect(plainText(r.inputs)).not.toContain(GITHUB_TOKEN);
        // A password is generated only when one is used (containers or CI) and the stack sets none.
        const ci = engineStackConfig(process.cwd(), stack).config["pgseed:ciEnabled"] === "true";
        expect(
          run.recorded.some((r) => r.type === "random:index/randomPassword:RandomPassword"),
        ).toBe(!withPassword && (local || ci));
      });
    },
  };
}
export { pulumi, promiseOf };
