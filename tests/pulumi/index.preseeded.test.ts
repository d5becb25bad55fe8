/**
 * index.ts under Pulumi.ci-fleet.yaml with preseededImage set: the program builds the pre-seeded
 * image of this seed (PreseededImage), pushes it for the runners, copies the test step's database
 * into it, and the workflow's postgres service runs that very image with no restore step.
 * (The dependency of the workflow file on the image is the engine's to order; the mocks see none.)
 */
import { Recorded, setupMocks, setStackConfig, settled, FAKE_SEED } from "./mocks";
import { shortFingerprint } from "../../seed/core/hash";

const REPO = "registry.example.com/acme/blog-db";

test("preseededImage: one PreseededImage of SeedDump's seed, pushed, test_app copied; the workflow runs it", async () => {
  const recorded: Recorded[] = [];
  await setupMocks(recorded, "ci-fleet");
  setStackConfig(
    "ci-fleet",
    {
      "pgseed:postgresPassword": "pw-preseeded",
      "github:token": "ghp_x",
      "pgseed:preseededImage": REPO,
    },
    ["pgseed:postgresPassword", "github:token"],
  );
  await import("../../index");
  await settled();
  const seed = recorded.find((r) => r.type === "pulumi-nodejs:dynamic/pgseed:SeedDump")!;
  const images = recorded.filter((r) => r.type === "pulumi-nodejs:dynamic/pgseed:PreseededImage");
  expect(images).toHaveLength(1);
  expect(images[0].inputs).toMatchObject({
    repo: REPO,
    appDir: "examples/django-blog",
    seedPath: "examples/django-blog/seed-db.sql",
    fingerprint: seed.inputs.fingerprint,
    seedSha256: FAKE_SEED.sha256,
    baseImage: "postgres:15",
    dbUser: "app",
    dbName: "app",
    copies: ["test_app"],
    push: true,
  });
  const files = recorded.filter((r) => r.type === "github:index/repositoryFile:RepositoryFile");
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    expect(f.inputs.content).toContain(
      `image: ${REPO}:${shortFingerprint(seed.inputs.fingerprint)}`,
    );
    expect(f.inputs.content).not.toContain("Restore the seed");
  }
});
