/**
 * onSeedChange under Pulumi mocks: each policy's stack is built at two fingerprints, and every
 * child is classified as the engine would treat it on `pulumi up`: untouched (inputs equal once
 * ignoreChanges is applied), updated in place (InstanceMigration: its own diff), or replaced
 * (a docker volume's or container's input changed: the docker provider recreates them).
 */
import * as pulumi from "@pulumi/pulumi";
import { Recorded, setupMocks, promiseOf, isWrappedSecret, settled } from "./mocks";
import { instanceAction } from "../../deploy/instances";

const FP_A = `sha256:${"a".repeat(64)}`;
const FP_B = `sha256:${"d".repeat(64)}`;
/** The marker an instance that has not caught up still holds. */
const FP_OLD = `sha256:${"0".repeat(64)}`;
const MIGRATION = "pulumi-nodejs:dynamic/pgseed:InstanceMigration";
const recorded: Recorded[] = [];
const opts: Record<string, pulumi.ResourceOptions> = {};
const recordOpts = [
  (a: pulumi.ResourceTransformationArgs) => {
    opts[a.name] = a.opts;
    return undefined;
  },
];
let sp: typeof import("../../components/seededPostgres");
let ops: typeof import("../../components/instanceMigrationOps");
const built: Record<string, any> = {};

const db = (fingerprint: string, extra: Record<string, unknown>) => ({
  image: "postgres:15",
  seedPath: "/p/app/seed-db.sql",
  seedSha256: fingerprint === FP_A ? `sha256:${"b".repeat(64)}` : `sha256:${"e".repeat(64)}`, // a new seed has new bytes
  fingerprint,
  password: pulumi.secret("pw"),
  dbName: "app",
  dbUser: "app",
  instances: 2,
  migrateSettings: { appDir: "app", preset: "custom", migrateCommand: "sh migrate.sh" },
  ...extra,
});

/**
 * What the providers report, where it is not the inputs: instance 1 of migrateb still holds an
 * older marker (its InstanceMigration's output), and keepb's containers keep the label of the seed
 * their data came from (ignoreChanges: the docker provider keeps the old value).
 */
const reported = (type: string, name: string) => {
  if (type === MIGRATION && name === "migrateb-1-migrate") return { fingerprint: FP_OLD };
  if (type === "docker:index/container:Container" && /^keepb-\d+$/.test(name))
    return { labels: [{ label: "pgseed.fingerprint", value: FP_A }] };
  return undefined;
};

beforeAll(async () => {
  await setupMocks(recorded, "test", reported);
  sp = await import("../../components/seededPostgres");
  ops = await import("../../components/instanceMigrationOps");
  for (const policy of ["reseed", "migrate", "keep"] as const) {
    for (const [tag, fp] of [
      ["a", FP_A],
      ["b", FP_B],
    ] as const) {
      built[`${policy}${tag}`] = new sp.SeededPostgres(
        `${policy}${tag}`,
        db(fp, { onSeedChange: policy, basePort: 7000 }),
        { transformations: recordOpts },
      );
    }
  }
  built.remote = new sp.SeededPostgres(
    "remote",
    db(FP_A, { onSeedChange: "migrate", dockerHosts: ["ssh://deploy@db1", "tcp://db2:2376"] }),
    { transformations: recordOpts },
  );
  await settled();
});

/** Children of component `comp`, by role: name with the component's name cut off ("-0-data"). */
function children(comp: string): Map<string, Recorded> {
  return new Map(
    recorded
      .filter((r) => r.name.startsWith(`${comp}-`))
      .map((r) => [r.name.slice(comp.length), r]),
  );
}

/**
 * Inputs as the engine compares them: ignoreChanges fields dropped, the component's name neutral.
 */
function comparable(r: Recorded, comp: string): string {
  const ignored = new Set((opts[r.name]?.ignoreChanges ?? []) as string[]);
  const kept = Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !ignored.has(k)));
  return JSON.stringify(kept).split(`${comp}-`).join("X-");
}

type Fate = "untouched" | "updated" | "replaced";
function fates(policy: string): Record<string, Fate> {
  const [a, b] = [children(`${policy}a`), children(`${policy}b`)];
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  const out: Record<string, Fate> = {};
  for (const [role, ra] of a) {
    const rb = b.get(role)!;
    if (ra.type === "docker:index/remoteImage:RemoteImage") continue; // the image does not depend on the seed
    if (comparable(ra, `${policy}a`) === comparable(rb, `${policy}b`)) out[role] = "untouched";
    else if (ra.type === MIGRATION) {
      const d = ops.diffMigration(ra.inputs as any, rb.inputs as any);
      out[role] = d.changes ? "updated" : "untouched";
    } else out[role] = "replaced";
  }
  return out;
}

describe("a new fingerprint, per onSeedChange policy", () => {
  test("reseed: every volume and container is replaced; nothing migrates", () => {
    expect(fates("reseed")).toEqual({
      "-0-data": "replaced",
      "-0": "replaced",
      "-1-data": "replaced",
      "-1": "replaced",
    });
    expect(opts["reseeda-0"]).toMatchObject({
      deleteBeforeReplace: true,
      replaceOnChanges: ["labels", "volumes", "uploads"],
    });
  });

  test("migrate: volumes and containers are untouched; each instance's InstanceMigration is updated in place, one after the other", () => {
    expect(fates("migrate")).toEqual({
      "-0-data": "untouched",
      "-0": "untouched",
      "-0-migrate": "updated",
      "-1-data": "untouched",
      "-1": "untouched",
      "-1-migrate": "updated",
    });
    const dependsOn = (n: string) => ((opts[n].dependsOn ?? []) as any[]).map((r) => r.__name);
    expect(dependsOn("migratea-0-migrate")).toEqual(["migratea-0"]);
    expect(dependsOn("migratea-1-migrate")).toEqual(["migratea-1", "migratea-0-migrate"]);
    const m = children("migrateb").get("-1-migrate")!;
    expect(m.inputs).toMatchObject({
      fingerprint: FP_B,
      settings: { migrateCommand: "sh migrate.sh" },
    });
    expect(opts["migrateb-0"].replaceOnChanges).toBeUndefined();
  });

  test("migrate: the InstanceMigration's URL is a secret; states come from the marker each one reports", async () => {
    const m = children("migrateb").get("-0-migrate")!;
    expect(isWrappedSecret(m.inputs.url)).toBe(true);
    expect(m.inputs.fingerprint).toBe(FP_B);
    // Instance 1 reports an older marker than the seed: stale, though its input was the seed's.
    expect(await promiseOf(built.migrateb.fingerprints)).toEqual([FP_B, FP_OLD]);
    expect(await promiseOf(built.migrateb.states)).toEqual(["current", "stale"]);
  });

  test("migrate: the healthcheck takes any pgseed marker, so it is the same at every fingerprint", () => {
    const hc = (comp: string) => children(comp).get("-0")!.inputs.healthcheck.tests;
    expect(hc("migratea")).toEqual(hc("migrateb"));
    expect(hc("migratea")[1]).toContain("grep -q '^pgseed sha256:'");
    expect(hc("reseeda")[1]).toContain(`= 'pgseed ${FP_A}'`);
  });

  test("migrate on an ssh:// host goes through an SSH forward to the port bound there; tcp:// hosts are reached directly", () => {
    const r = children("remote");
    expect(r.get("-h0-0-migrate")!.inputs).toMatchObject({
      tunnel: "ssh://deploy@db1",
      tunnelTarget: "127.0.0.1",
    });
    expect(r.get("-h1-0-migrate")!.inputs.tunnel).toBeUndefined();
  });

  test("keep: nothing is replaced or updated; nothing migrates", () => {
    expect(fates("keep")).toEqual({
      "-0-data": "untouched",
      "-0": "untouched",
      "-1-data": "untouched",
      "-1": "untouched",
    });
  });

  test("keep: instances whose containers keep an older seed's label are reported stale", async () => {
    expect(await promiseOf(built.keepa.states)).toEqual(["current", "current"]);
    expect(await promiseOf(built.keepb.fingerprints)).toEqual([FP_A, FP_A]);
    expect(await promiseOf(built.keepb.states)).toEqual(["stale", "stale"]);
  });
});

describe("the InstanceMigration provider", () => {
  test("is serialized as a loader of the compiled ops that captures no value, and its diff runs from that text", async () => {
    const text: string = children("migrateb").get("-0-migrate")!.inputs.__provider;
    expect(text).toContain('opsFile: "instanceMigrationOps.js"');
    expect(text).toContain('require.resolve("pgseed/package.json", { paths: [project] })');
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain("pw");
    expect(text).not.toContain("migrate.sh");
    const file = require("path").join(require("os").tmpdir(), `pgseed-provider-${process.pid}.js`);
    require("fs").writeFileSync(file, text);
    try {
      const provider = require(file).handler(); // a factory of the provider
      const base = {
        url: "postgresql://app@127.0.0.1:7000/app",
        fingerprint: FP_A,
        settings: { appDir: "app" },
      };
      expect(await provider.diff("id", base, { ...base, fingerprint: FP_B })).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
      expect(await provider.diff("id", base, base)).toMatchObject({ changes: false });
      await expect(provider.delete("id", base)).resolves.toBeUndefined();
    } finally {
      require("fs").rmSync(file, { force: true });
    }
  });
});

describe("pure parts", () => {
  test("instanceAction says what a new fingerprint does", () => {
    expect(instanceAction("reseed", FP_A, FP_B)).toMatch(/re-seed/);
    expect(instanceAction("migrate", FP_A, FP_B)).toMatch(/migrate .*data kept/);
    expect(instanceAction("keep", FP_A, FP_B)).toMatch(/stays stale/);
    expect(instanceAction("migrate", FP_B, FP_B)).toMatch(/current/);
    expect(instanceAction("keep", undefined, FP_B)).toMatch(/create from the current seed/);
  });

  test("diffMigration: a new fingerprint is a change, equal inputs are none", () => {
    const base = {
      url: "postgresql://app@127.0.0.1:7000/app",
      fingerprint: FP_A,
      settings: { appDir: "app" },
    };
    expect(ops.diffMigration(base, { ...base })).toEqual({ changes: false, reasons: [] });
    expect(ops.diffMigration(base, { ...base, fingerprint: FP_B })).toEqual({
      changes: true,
      reasons: ["fingerprint"],
    });
  });

  test("migrate without migrateSettings is refused", () => {
    const { migrateSettings, ...rest } = db(FP_A, { onSeedChange: "migrate" }) as any;
    void migrateSettings;
    expect(() => new sp.SeededPostgres("nosettings", rest)).toThrow(
      /onSeedChange migrate needs migrateSettings/,
    );
  });
});
