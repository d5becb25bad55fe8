/**
 * PreseededImage under the real Pulumi CLI and the real Docker engine (the offline postgres:15
 * stand-in, tests/docker/build-postgres-image.sh): the seed-only stack with preseededImage set
 * builds REPO:<short fingerprint> of its seed; a new migration builds the next image and removes
 * the old one; an up with no change builds nothing; destroy removes the image. No push (CI off:
 * nothing to pull it; there is no registry here).
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { Project, counts, makeProject, pulumi } from "./engine";
import { shortFingerprint } from "../../seed/core/hash";
import { FINGERPRINT_LABEL } from "../../seed/image/labels";

const STACK = ["--stack", "seed-only"];
const REPO = `pgseed-engine/preseeded-${process.pid}`;
let p: Project;

const docker = (args: string[]) => execa("docker", args, { reject: false });
/** The fingerprint label of an image, or undefined when there is none under that reference. */
async function labelOf(ref: string): Promise<string | undefined> {
  const r = await docker([
    "image",
    "inspect",
    "--format",
    `{{index .Config.Labels "${FINGERPRINT_LABEL}"}}`,
    ref,
  ]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}
async function output(name: string): Promise<string> {
  const r = await pulumi(p, ["stack", "output", name, ...STACK]);
  expect(r.exitCode).toBe(0);
  return r.output.trim();
}

beforeAll(async () => {
  const engine = await docker(["version", "--format", "{{.Server.Version}}"]);
  const image = await docker(["image", "inspect", "postgres:15"]);
  if (engine.exitCode !== 0 || image.exitCode !== 0) {
    throw new Error(
      "this test needs a Docker engine and the offline postgres:15 image: bash scripts/start-dockerd.sh && bash tests/docker/build-postgres-image.sh",
    );
  }
  p = await makeProject("preseeded");
  expect((await pulumi(p, ["stack", "init", "seed-only"])).exitCode).toBe(0);
  expect(
    (await pulumi(p, ["config", "set", "pgseed:preseededImage", REPO, ...STACK])).exitCode,
  ).toBe(0);
});
afterAll(async () => {
  const left = await docker(["images", "--quiet", REPO]);
  for (const id of new Set(left.stdout.split("\n").filter(Boolean)))
    await docker(["image", "rm", "--force", id]);
  p?.cleanup();
});

let firstRef = "";

test("up builds REPO:<short fingerprint> of the seed, labelled with its fingerprint", async () => {
  const r = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["+ 4 created"]);
  const fp = await output("seedFingerprint");
  firstRef = await output("preseededImageRef");
  expect(firstRef).toBe(`${REPO}:${shortFingerprint(fp)}`);
  expect(await labelOf(firstRef)).toBe(fp);
}, 300000);

test("a new migration: the next image is built, the old one removed; a second up builds nothing", async () => {
  fs.writeFileSync(
    path.join(p.app, "posts/migrations/0006_engine_image.py"),
    'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("posts", "0005_post_constraints_sql")]\n    operations = [migrations.RunSQL("CREATE TABLE engine_image (id int)", "DROP TABLE engine_image")]\n',
  );
  const r = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["~ 2 updated", "2 unchanged"]);
  const fp = await output("seedFingerprint");
  const ref = await output("preseededImageRef");
  expect(ref).toBe(`${REPO}:${shortFingerprint(fp)}`);
  expect(ref).not.toBe(firstRef);
  expect(await labelOf(ref)).toBe(fp);
  expect(await labelOf(firstRef)).toBeUndefined();
  const id = (await docker(["image", "inspect", "--format", "{{.Id}}", ref])).stdout.trim();

  const again = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(again.exitCode).toBe(0);
  expect(counts(again.output)).toEqual(["4 unchanged"]);
  expect((await docker(["image", "inspect", "--format", "{{.Id}}", ref])).stdout.trim()).toBe(id);
}, 300000);

test("the image removed by hand (docker image rm): the next up builds it again", async () => {
  const ref = await output("preseededImageRef");
  expect((await docker(["image", "rm", ref])).exitCode).toBe(0);
  const r = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["~ 1 updated", "3 unchanged"]);
  expect(await labelOf(ref)).toBe(await output("seedFingerprint"));
}, 300000);

test("destroy removes the image (the seed file stays)", async () => {
  const ref = await output("preseededImageRef");
  const r = await pulumi(p, ["destroy", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["- 4 deleted"]);
  expect(await labelOf(ref)).toBeUndefined();
  expect(fs.existsSync(path.join(p.app, "seed-db.sql"))).toBe(true);
}, 300000);
