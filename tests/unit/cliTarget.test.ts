/**
 * The database the CLI acts on, chosen as psql chooses it (pure: libpq's compiled defaults are
 * stubbed, no process started); URLs read as libpq reads them; the driver's TLS as sslmode means
 * it.
 */
import { resolveTarget } from "../../cli/target";
import { formatUrl, libpqEnv, parseUrl } from "../../seed/core/libpq";
import { sslAttempts } from "../../seed/database/connect";

describe("the database, as psql chooses it", () => {
  const compiled = { socketDir: () => "/run/pg-default", user: () => "osuser" };
  const target = (given: { url?: string; database?: string }, env: NodeJS.ProcessEnv = {}) =>
    resolveTarget(given, env, compiled);

  test("no --url, DATABASE_URL or PG*: libpq's defaults (the socket, 5432, the OS user, its database)", () => {
    expect(target({})).toEqual({
      url: "postgresql://osuser@/osuser?host=/run/pg-default&port=5432",
      from: "libpq's default host, port, user, dbname",
    });
  });

  test("PGUSER, PGDATABASE and PGHOST each honoured alone", () => {
    expect(target({}, { PGUSER: "app" }).url).toBe(
      "postgresql://app@/app?host=/run/pg-default&port=5432",
    );
    expect(target({}, { PGDATABASE: "shop" }).url).toBe(
      "postgresql://osuser@/shop?host=/run/pg-default&port=5432",
    );
    expect(target({}, { PGHOST: "/srv/sock" }).url).toBe(
      "postgresql://osuser@/osuser?host=/srv/sock&port=5432",
    );
    expect(target({}, { PGHOST: "db.local" }).url).toBe("postgresql://osuser@db.local:5432/osuser");
  });

  test("--url, else DATABASE_URL, else PG*; what a URL leaves out comes from PG*, then the defaults", () => {
    const env = { DATABASE_URL: "postgresql://b@h/x", PGPASSWORD: "p@ss", PGPORT: "6543" };
    expect(target({ url: "postgresql://a@h2/db" }, env)).toEqual({
      url: "postgresql://a:p%40ss@h2:6543/db",
      from: "--url; PGPORT; PGPASSWORD",
    });
    expect(target({}, env).url).toBe("postgresql://b:p%40ss@h:6543/x");
    expect(target({ url: "postgresql://h/" }, {}).url).toBe("postgresql://osuser@h:5432/osuser");
  });

  test("a DBNAME argument names the database; a URL as DBNAME is the URL; twice is refused", () => {
    expect(target({ database: "mydb" }, { PGHOST: "/s" }).url).toBe(
      "postgresql://osuser@/mydb?host=/s&port=5432",
    );
    expect(target({ database: "mydb" }, { DATABASE_URL: "postgresql://u@h/app" }).url).toBe(
      "postgresql://u@h:5432/mydb",
    );
    expect(target({ database: "postgresql://u@h/db" }).url).toBe("postgresql://u@h:5432/db");
    expect(() => target({ url: "postgresql://u@h/one", database: "two" })).toThrow(
      /two databases given: two, and one in --url[\s\S]*fix: give the database once/,
    );
  });

  test("PGSERVICE and PGHOSTADDR would send psql elsewhere: refused without a URL, ignored with one", () => {
    expect(() => target({}, { PGSERVICE: "prod" })).toThrow(
      /PGSERVICE=prod is set, but pgseed does not read service files[\s\S]*fix: pass --url/,
    );
    expect(() => target({}, { PGHOSTADDR: "10.0.0.9" })).toThrow(/PGHOSTADDR=10.0.0.9 is set/);
    expect(target({ url: "postgresql://u@h/db" }, { PGSERVICE: "prod" }).url).toBe(
      "postgresql://u@h:5432/db",
    );
  });

  test("URL parameters are kept: sslmode, options, application_name, a socket in host=, port=", () => {
    const url =
      "postgresql://u@/db?host=/tmp/my%20sock&port=6000&sslmode=require&options=-c%20search_path%3Dapp&application_name=ci";
    const t = target({ url });
    expect(t.url).toBe(
      "postgresql://u@/db?host=/tmp/my%20sock&port=6000&sslmode=require&options=-c%20search_path%3Dapp&application_name=ci",
    );
    expect(libpqEnv(t.url)).toEqual({
      PGHOST: "/tmp/my sock",
      PGPORT: "6000",
      PGUSER: "u",
      PGDATABASE: "db",
      PGSSLMODE: "require",
      PGOPTIONS: "-c search_path=app",
      PGAPPNAME: "ci",
    });
    // PGSSLMODE, PGOPTIONS and PGAPPNAME fill the URL as libpq would.
    expect(parseUrl(target({}, { PGHOST: "h", PGSSLMODE: "disable", PGAPPNAME: "x" }).url)).toEqual(
      {
        host: "h",
        port: "5432",
        user: "osuser",
        dbname: "osuser",
        sslmode: "disable",
        application_name: "x",
      },
    );
  });

  test("what pgseed cannot pass on, or libpq would refuse, is refused naming it", () => {
    expect(() => target({ url: "postgresql://h/db?target_session_attrs=any" })).toThrow(
      /--url has the parameter target_session_attrs, which pgseed does not pass on[\s\S]*fix: remove it; pgseed passes on host, port/,
    );
    expect(() => target({}, { DATABASE_URL: "postgresql://h/db?sslmode=sometimes" })).toThrow(
      /sslmode "sometimes" \(URL parameter sslmode, or PGSSLMODE\) is not one of disable, allow, prefer/,
    );
    expect(() => target({}, { PGHOST: "h1,h2" })).toThrow(/names several hosts/);
    expect(() => target({ url: "mysql://u:pw@h/db" })).toThrow(/--url must start with postgresql:/);
    expect(() => target({ url: "not a url" })).toThrow(/--url is not a valid URL: not a url/);
  });
});

describe("URLs as libpq reads them", () => {
  test.each([
    [
      "postgresql://u:p%40ss%2Fw@db.example:6543/app",
      { user: "u", password: "p@ss/w", host: "db.example", port: "6543", dbname: "app" },
    ],
    ["postgres://[::1]:5/db", { host: "::1", port: "5", dbname: "db" }],
    ["postgresql://%2Fvar%2Frun%2Fpostgresql/app", { host: "/var/run/postgresql", dbname: "app" }],
    ["postgresql:///app?host=/tmp&user=me", { host: "/tmp", dbname: "app", user: "me" }],
    ["postgresql://me@/app", { user: "me", dbname: "app" }],
    ["postgresql://", {}],
  ])("%s", (url, parts) => {
    expect(parseUrl(url)).toEqual(parts);
    expect(parseUrl(formatUrl(parseUrl(url)))).toEqual(parts);
  });
});

describe("the driver's TLS, as sslmode means it", () => {
  const tcp = { host: "db.example", port: "5432" };
  test("a socket never; disable never; prefer (the default) SSL then plain; allow the other way", () => {
    expect(sslAttempts({ host: "/run/postgresql", sslmode: "require" })).toEqual([false]);
    expect(sslAttempts({ ...tcp, sslmode: "disable" })).toEqual([false]);
    const prefer = sslAttempts(tcp);
    expect(prefer).toHaveLength(2);
    expect(prefer[0]).toMatchObject({ rejectUnauthorized: false });
    expect(prefer[1]).toBe(false);
    const allow = sslAttempts({ ...tcp, sslmode: "allow" });
    expect(allow[0]).toBe(false);
    expect(allow[1]).toMatchObject({ rejectUnauthorized: false });
  });
  test("require encrypts unchecked; verify-ca checks the chain, not the name; verify-full both", () => {
    const [require_] = sslAttempts({ ...tcp, sslmode: "require" }) as any[];
    expect(require_.rejectUnauthorized).toBe(false);
    const [ca] = sslAttempts({ ...tcp, sslmode: "verify-ca" }) as any[];
    expect(ca.rejectUnauthorized).toBe(true);
    expect(ca.checkServerIdentity()).toBeUndefined();
    const [full] = sslAttempts({ ...tcp, sslmode: "verify-full" }) as any[];
    expect(full.rejectUnauthorized).toBe(true);
    expect(full.checkServerIdentity).toBeUndefined();
    expect(() =>
      sslAttempts({ ...tcp, sslmode: "require", sslrootcert: "/nonexistent.crt" }),
    ).toThrow(/cannot read the certificate file \/nonexistent.crt/);
  });
});
