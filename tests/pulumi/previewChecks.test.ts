/**
 * What a preview checks before an update would fail on it, against the real Docker engine and the
 * real PostgreSQL binaries: an image on the engine passes, one that is neither there nor pullable
 * (no registry is reachable here) is named with its fix; a seed that must be built needs local
 * binaries of its major or Docker. And the wiring: at preview, SeededPostgres's image goes through
 * that check (on the local engine only).
 */
import execa from "execa";
import * as pulumi from "@pulumi/pulumi";
import { imageProblem, serverProblem } from "../../components/previewChecks";
import { previewedImage } from "../../components/errors";
import { resolveSettings } from "../../config";
import { pulumiTerms } from "../../components/terms";

beforeAll(async () => {
  const engine = await execa("docker", ["image", "inspect", "postgres:15"], { reject: false });
  if (engine.exitCode !== 0)
    throw new Error(
      "this test needs a Docker engine with the offline postgres:15 image: bash scripts/start-dockerd.sh && bash tests/docker/build-postgres-image.sh",
    );
});

const settings = (raw: Record<string, unknown>) =>
  resolveSettings({ appDir: "examples/django-blog", ...raw }, process.cwd()).engine;

test("an image on the engine passes; one neither there nor pullable is named, with the fix", async () => {
  expect(await imageProblem("postgres:15", "the instances run it")).toBeUndefined();
  const missing = `pgseed-preview/absent-${process.pid}:16`;
  const problem = await imageProblem(missing, "the instances run it");
  expect(problem).toMatch(
    new RegExp(
      `^image ${missing} \\(the instances run it\\) is not on the Docker engine at \\S+ and cannot be pulled: .+\\n  fix: docker pull ${missing} \\(or docker load -i <file> where no registry is reachable\\), or set --image to an image the engine has$`,
    ),
  );
  // In a stack's terms: the setting, and the command that sets it.
  expect(pulumiTerms(problem!, "config")).toMatch(
    /or set pgseed:image to an image the engine has \(pulumi config set pgseed:image …\)$/,
  );
}, 120000);

test("a seed to build: local binaries of its major pass; none of that major, and no image, fail", async () => {
  expect(await serverProblem(settings({ engine: "local" }))).toBeUndefined();
  expect(await serverProblem(settings({ engine: "local", pgBin: "/nonexistent/bin" }))).toMatch(
    /^PostgreSQL 15 binaries not found \(looked in \/nonexistent\/bin \(no postgres binary\)\)/,
  );
  const docker = await serverProblem(
    settings({ engine: "docker", image: `pgseed-preview/absent-${process.pid}:15` }),
  );
  expect(docker).toMatch(/\(the seed is built on it\) is not on the Docker engine/);
}, 120000);

test("SeededPostgres's image: checked at preview on the local engine only", async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs },
    "pgseed",
    "preview",
    true, // a preview
  );
  const owner = new pulumi.ComponentResource("pgseed:test:Owner", "owner");
  const checked = previewedImage("postgres:15", true, owner, "args");
  expect(pulumi.Output.isInstance(checked)).toBe(true);
  expect(await (checked as any).promise()).toBe("postgres:15");
  // A remote Docker host (ssh://): its images are not this engine's; nothing checked here.
  expect(previewedImage("postgres:16", false, owner, "args")).toBe("postgres:16");
});
