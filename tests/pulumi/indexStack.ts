/**
 * Runs index.ts (the example program, a consumer of the library) under mocks with one example
 * stack's config, and checks what every stack shares.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  Recorded,
  FAKE_SEED,
  setupMocks,
  setStackConfig,
  settled,
  stackFileConfig,
  plainText,
  unwrap,
} from "./mocks";

export const STACK_PW = "stack-pw-9f8e7d";

export const GITHUB_TOKEN = "ghp_test-token-5a4b3c";

type Program = typeof import("../../index");
const OUTPUTS = [
  "seedPath",
  "seedFingerprint",
  "seedMigrationCount",
  "seedBytes",
  "seedServerVersion",
  "instanceUrls",
  "instanceFingerprints",
  "instanceStates",
  "preseededImageRef",
  "workflowPaths",
] as const;

export async function runIndex(stack: string, withPassword: boolean) {
  const recorded: Recorded[] = [];
  await setupMocks(recorded, stack);
  const config: Record<string, string> = { "github:token": GITHUB_TOKEN };
  if (withPassword) config["pgseed:postgresPassword"] = STACK_PW;
  setStackConfig(stack, config, Object.keys(config));
  const program: Program = await import("../../index");
  await settled();
  const outputs: Partial<Record<(typeof OUTPUTS)[number], { value: any; secret: boolean }>> = {};
  for (const name of OUTPUTS) {
    const o = program[name] as pulumi.Output<unknown> | undefined;
    if (o !== undefined) outputs[name] = await unwrap(o);
  }
  return { recorded, outputs, byName: (n: string) => recorded.find((r) => r.name === n)! };
}

export function sharedChecks(stack: string, withPassword: boolean) {
  let run: Awaited<ReturnType<typeof runIndex>>;
  const file = stackFileConfig(stack);
  // instances 0 (seed-only, ci-fleet): no container, no image, no URL.
  const local = Number(file["pgseed:instances"] ?? 1) > 0;
  const ci = file["pgseed:ciEnabled"] === "true";
  beforeAll(async () => {
    run = await runIndex(stack, withPassword);
  });
  return {
    get: () => run,
    test: () => {
      it("computes the fingerprint and hands it to SeedDump, with plain engine settings", () => {
        const seed = run.byName("pgseed-seed");
        expect(seed.type).toBe("pulumi-nodejs:dynamic/pgseed:SeedDump");
        expect(seed.inputs.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(seed.inputs.settings).toMatchObject({
          appDir: "examples/django-blog",
          seed: "seed-db.sql",
          preset: "django",
        });
        expect(Object.keys(seed.inputs.files)).toContain("posts/migrations/0001_initial.py");
      });
      it("wires SeedDump's outputs (not its inputs) into every container", () => {
        const containers = run.recorded.filter(
          (r) => r.type === "docker:index/container:Container",
        );
        if (local) expect(containers.length).toBeGreaterThan(0);
        else expect(run.recorded.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
        for (const c of containers) {
          // This checkout's seed (not the path recorded by whichever machine last ran SeedDump).
          expect(c.inputs.uploads[0]).toMatchObject({
            source: path.join(process.cwd(), "examples/django-blog/seed-db.sql"),
            sourceHash: FAKE_SEED.sha256, // the provider's output: the inputs hold no sha256
          });
          expect(c.inputs.labels[0].value).toBe(run.byName("pgseed-seed").inputs.fingerprint);
        }
      });
      it("exports the seed's path, fingerprint, migration count, bytes and server version", () => {
        const o = run.outputs;
        expect(o.seedPath!.value).toBe(
          path.join(process.cwd(), "examples/django-blog/seed-db.sql"),
        );
        expect(o.seedFingerprint!.value).toBe(run.byName("pgseed-seed").inputs.fingerprint);
        expect([
          o.seedMigrationCount!.value,
          o.seedBytes!.value,
          o.seedServerVersion!.value,
        ]).toEqual([FAKE_SEED.migrationCount, FAKE_SEED.bytes, FAKE_SEED.serverVersion]);
      });
      it("exports only the parts the stack has; the URLs as secrets", () => {
        expect(Object.keys(run.outputs).sort()).toEqual(
          [
            "seedPath",
            "seedFingerprint",
            "seedMigrationCount",
            "seedBytes",
            "seedServerVersion",
            ...(local ? ["instanceUrls", "instanceFingerprints", "instanceStates"] : []),
            ...(ci ? ["workflowPaths"] : []),
          ].sort(),
        );
        if (!local) return;
        expect(run.outputs.instanceUrls!.secret).toBe(true);
        for (const url of run.outputs.instanceUrls!.value)
          expect(url).toMatch(/^postgresql:\/\/app:.+@.+:\d+\/app$/);
      });
      it("keeps the password out of every plain input", () => {
        const pw = withPassword ? STACK_PW : "generated-pw-XYZ";
        if (local) expect(run.outputs.instanceUrls!.value.join(" ")).toContain(pw);
        for (const r of run.recorded) expect(plainText(r.inputs)).not.toContain(pw);
        for (const r of run.recorded) expect(plainText(r.inputs)).not.toContain(GITHUB_TOKEN);
        // A password is generated only when one is used (containers or CI) and the stack sets none.
        expect(
          run.recorded.some((r) => r.type === "random:index/randomPassword:RandomPassword"),
        ).toBe(!withPassword && (local || ci));
      });
    },
  };
}
