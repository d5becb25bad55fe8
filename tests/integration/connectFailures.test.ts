/**
 * Issue 21, item 6: `status` and `migrate` say what went wrong with a connection, one line and a
 * fix each: no password, a wrong one, a refused port, a host that does not resolve, a missing
 * database, a server that accepts only TLS; and `status --stack` reads the stack's password
 * where the program publishes it (the real Pulumi CLI, a local backend). Real PostgreSQL.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { LocalCluster } from "../../seed/servers/cluster";
import { serverAccount } from "../../seed/servers/host";
import {
  cli,
  copyExample,
  createDatabase,
  passwordRole,
  query,
  removeTempDirs,
  sqlAppArgs,
  targetServer,
  tempDir,
} from "../helpers";

const PULUMI_BIN = path.join(os.homedir(), ".cache/pgseed/pulumi-v3.248.0/bin");
const PASSWORD = "Conn3ct-pw";
let server: LocalCluster;
let app: string;
let db: string;
let withPassword: string;
const APP = () => sqlAppArgs(app);
/** The role's URL on `server` with another password ("" none), database, port or host. */
const urlWith = (o: { password?: string; db?: string; port?: number; host?: string }) => {
  const u = new URL(withPassword);
  u.password = o.password ?? PASSWORD;
  if (o.db) u.pathname = `/${o.db}`;
  if (o.port) u.port = String(o.port);
  if (o.host) u.hostname = o.host;
  return u.toString();
};
const status = (url: string, env: Record<string, string> = {}) =>
  cli(["status", "--url", url, ...APP()], undefined, env);

beforeAll(async () => {
  server = await targetServer();
  app = copyExample("sql-app");
  db = (await createDatabase(server)).name;
  withPassword = (await passwordRole(server, "app", PASSWORD)).replace(/\/postgres$/, `/${db}`);
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

test.each([
  [
    "no password",
    () => urlWith({ password: "" }),
    'rejected: authentication failed for user "app": no password was given (fix: put the password in the URL (--url postgresql://USER:PASSWORD@HOST:PORT/DB, or DATABASE_URL), or set PGPASSWORD; a stack\'s: `pulumi stack output instanceUrls --show-secrets`)',
  ],
  [
    "a wrong password",
    () => urlWith({ password: "wrong" }),
    'rejected: password authentication failed for user "app" (fix: check the user and password in --url (put the password',
  ],
  [
    "a missing database",
    () => urlWith({ db: "no_such_db" }),
    "rejected: the database does not exist (fix: create it first (createdb), or name an existing one)",
  ],
  [
    "a refused port",
    () => urlWith({ port: 1 }),
    "unreachable: connection refused (fix: start the server, or check host and port)",
  ],
  [
    "a host that does not resolve",
    () => urlWith({ host: "no-such-host.invalid" }),
    "unreachable: host not found (fix: check the host name)",
  ],
])("status with %s: its own line and fix", async (_name, url, line) => {
  const r = await status(url(), { PGPASSWORD: "" });
  expect(r.stdout).toContain(line);
  expect(r.stdout + r.stderr).not.toMatch(/SASL|client password must be a string/);
  expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  expect(r.code).toBe(1);
});

test("migrate with no password: authentication failed for user …, with the fix", async () => {
  const r = await cli(["migrate", "--url", urlWith({ password: "" }), ...APP()], undefined, {
    PGPASSWORD: "",
  });
  expect(r.stderr).toMatch(
    /pgseed: error: cannot connect to postgresql:\/\/app@127\.0\.0\.1:\d+\/\w+: authentication failed for user "app": no password was given\n\s+fix: put the password in the URL .*set PGPASSWORD/,
  );
  expect(r.code).toBe(2);
  // With the password, the same database is reached (it is not pgseed's: refused as unseeded).
  const ok = await cli(["migrate", "--url", withPassword, ...APP()]);
  expect(ok.stderr).toMatch(/was not seeded by pgseed/);
});

test("a server that accepts only TLS: reached by default (sslmode prefer, as psql); with sslmode=disable its own line and fix", async () => {
  const dataDir = path.join(server.dir, "data");
  const keyFile = path.join(dataDir, "server.key");
  const certFile = path.join(dataDir, "server.crt");
  await execa("openssl", [
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
    ...["-keyout", keyFile, "-out", certFile],
  ]);
  const account = serverAccount();
  for (const f of [keyFile, certFile]) {
    fs.chmodSync(f, 0o600);
    if (account) fs.chownSync(f, account.uid, account.gid);
  }
  const hba = path.join(dataDir, "pg_hba.conf");
  const plainHba = fs.readFileSync(hba, "utf8");
  fs.writeFileSync(hba, plainHba.replace(/^host all all /m, "hostssl all all "));
  await query(server.url, "ALTER SYSTEM SET ssl = on");
  await query(server.url, "SELECT pg_reload_conf()");
  try {
    await plainRefused(withPassword, true);
    const plain = await status(`${withPassword}?sslmode=disable`);
    expect(plain.stdout).toContain(
      "rejected: the server accepts only encrypted (TLS) connections from this host (fix: add sslmode=require to the URL",
    );
    expect(plain.code).toBe(1);
    for (const url of [withPassword, `${withPassword}?sslmode=require`])
      expect((await status(url)).stdout).toContain("unseeded: no pgseed marker");
  } finally {
    fs.writeFileSync(hba, plainHba);
    await query(server.url, "ALTER SYSTEM RESET ssl");
    await query(server.url, "SELECT pg_reload_conf()");
    await plainRefused(withPassword, false);
  }
});

/** Waits for a reloaded pg_hba.conf to take effect: plain connections refused, or accepted. */
async function plainRefused(url: string, refused: boolean): Promise<void> {
  const { Client } = require("pg") as typeof import("pg");
  for (const deadline = Date.now() + 30000; ;) {
    const client = new Client({ connectionString: url, ssl: false });
    const failed = await client.connect().then(
      () => false,
      () => true,
    );
    await client.end().catch(() => undefined);
    if (failed === refused) return;
    if (Date.now() > deadline) throw new Error(`pg_hba.conf's reload never took effect (${url})`);
  }
}

describe("status --stack", () => {
  let project: string;
  const pulumiEnv = () => ({
    PULUMI_BACKEND_URL: `file://${path.join(project, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PGPASSWORD: "",
  });
  const pathWith = (dir?: string) =>
    [dir, ...(process.env.PATH ?? "").split(":").filter((d) => !d.includes("pulumi"))]
      .filter(Boolean)
      .join(":");

  beforeAll(async () => {
    if (!fs.existsSync(path.join(PULUMI_BIN, "pulumi")))
      throw new Error(`these tests need the Pulumi CLI in ${PULUMI_BIN} (bash scripts/install.sh)`);
    project = tempDir();
    fs.mkdirSync(path.join(project, "backend"));
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    fs.writeFileSync(
      path.join(project, "Pulumi.dev.yaml"),
      [
        "config:",
        `  pgseed:appDir: ${app}`,
        "  pgseed:preset: custom",
        '  pgseed:migrations: ["migrations/*.sql"]',
        "  pgseed:migrateCommand: sh migrate.sh",
        "  pgseed:instances: 1",
        `  pgseed:basePort: ${new URL(withPassword).port}`,
        "  pgseed:dbUser: app",
        `  pgseed:dbName: ${db}`,
        "",
      ].join("\n"),
    );
    const pulumi = (args: string[]) =>
      execa(path.join(PULUMI_BIN, "pulumi"), args, { cwd: project, env: pulumiEnv() });
    await pulumi(["stack", "init", "dev"]);
    // The stack's state as an up leaves it: instanceUrls, a secret, carries the password.
    const state = JSON.parse((await pulumi(["stack", "export"])).stdout);
    state.deployment.resources = [
      {
        urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
        custom: false,
        type: "pulumi:pulumi:Stack",
        outputs: {
          instanceUrls: {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            plaintext: JSON.stringify([withPassword]),
          },
        },
      },
    ];
    fs.writeFileSync(path.join(project, "state.json"), JSON.stringify(state));
    await pulumi(["stack", "import", "--file", path.join(project, "state.json")]);
  });

  test("reads the stack's password from its outputs, as the program made it", async () => {
    const r = await cli(["status", "--stack", "dev"], project, {
      ...pulumiEnv(),
      PATH: pathWith(PULUMI_BIN),
    });
    expect(r.stdout).toMatch(/postgresql:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/\w+ {2}unseeded/);
    expect(r.stderr).not.toContain("password was not read");
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  test("without the Pulumi CLI: says so, and how to pass the password", async () => {
    const r = await cli(["status", "--stack", "dev"], project, {
      ...pulumiEnv(),
      PATH: pathWith(),
    });
    expect(r.stderr).toContain(
      "pgseed: the stack's password was not read (the Pulumi CLI is not on PATH): set PGPASSWORD, or pass --url with it (pulumi stack output instanceUrls --show-secrets --stack dev)",
    );
    expect(r.stdout).toContain(
      'rejected: authentication failed for user "app": no password was given',
    );
    expect(r.code).toBe(1);
  });
});
