import * as fs from "fs";
import * as path from "path";
import { diffDumps, describeDiff } from "../../seed/dumpDiff";
import { encodeSeed, majorOf, parseSeed, readSeed, renderSeed, wrapDump, writeFileAtomic } from "../../seed/seedFile";
import { maskUrls } from "../../seed/errors";
import { removeTempDirs, tempDir } from "../helpers";

afterAll(removeTempDirs);
const FP = `sha256:${"ab".repeat(32)}`;

describe("seed file", () => {
  const text = renderSeed(wrapDump("CREATE TABLE t (id int);\n", FP), FP, "15.18");

  test("header is the DESIGN.md header and parses back", () => {
    expect(text.split("\n").slice(0, 3)).toEqual(["-- pgseed seed v1", `-- fingerprint: ${FP}`, "-- postgres: 15.18"]);
    const parsed = parseSeed(text, "x.sql");
    expect(parsed.header).toMatchObject({ format: 1, fingerprint: FP, postgres: "15.18" });
    expect(parsed.contentOk).toBe(true);
    expect(parsed.sql).toMatch(/^BEGIN;[\s\S]*COMMENT ON SCHEMA public IS 'pgseed sha256:abab[\s\S]*COMMIT;\n$/);
  });
  test("a truncated or edited body no longer matches its content hash", () => {
    expect(parseSeed(text.slice(0, -10), "x.sql").contentOk).toBe(false);
    expect(parseSeed(text.replace("id int", "id bigint"), "x.sql").contentOk).toBe(false);
  });
  test("a file without the header is not a seed", () => {
    expect(() => parseSeed("CREATE TABLE t();\n", "x.sql")).toThrow(/x.sql is not a pgseed seed[\s\S]*fix: regenerate/);
  });
  test("gzip output has no timestamp: equal text, equal bytes", async () => {
    const a = encodeSeed("s.sql.gz", text);
    await new Promise((r) => setTimeout(r, 1100));
    expect(encodeSeed("s.sql.gz", text).equals(a)).toBe(true);
    expect(a.readUInt32LE(4)).toBe(0); // MTIME field
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "s.sql.gz"), a);
    expect(readSeed(path.join(dir, "s.sql.gz"))!.parsed.header.fingerprint).toBe(FP);
  });
  test("writeFileAtomic replaces the file whole and leaves no temp file; a failed write leaves the old bytes", () => {
    const dir = tempDir();
    const file = path.join(dir, "seed-db.sql");
    writeFileAtomic(file, Buffer.from("old"));
    writeFileAtomic(file, Buffer.from("new"));
    expect(fs.readFileSync(file, "utf8")).toBe("new");
    expect(fs.readdirSync(dir)).toEqual(["seed-db.sql"]);
    expect(() => writeFileAtomic(path.join(dir, "missing", "seed-db.sql"), Buffer.from("x"))).toThrow(/cannot write seed[\s\S]*fix: create the folder/);
  });
  test("majorOf", () => {
    expect([majorOf("15.18"), majorOf("16beta1"), majorOf("9.6.24"), majorOf("17.2")]).toEqual([15, 16, 9.6, 17]);
  });
  test("maskUrls hides passwords", () => {
    expect(maskUrls("at postgresql://app:s3cr3t@127.0.0.1:5432/app and postgres://u:p@h/d")).toBe("at postgresql://app:****@127.0.0.1:5432/app and postgres://u:****@h/d");
  });
});

describe("diffDumps", () => {
  const dump = (rows: string[]) => `SET x = 1;\nCOPY public.auth_user (id, username, date_joined) FROM stdin;\n${rows.join("\n")}\n\\.\n`;
  test("names the table, the columns and the rows that differ", () => {
    const d = diffDumps(dump(["1\tanon\t2026-01-01 10:00:00+00"]), dump(["1\tanon\t2026-01-01 10:00:01+00"]));
    expect(d.tables).toEqual([{ table: "public.auth_user", columns: ["date_joined"], rows: [{ first: "1\tanon\t2026-01-01 10:00:00+00", second: "1\tanon\t2026-01-01 10:00:01+00" }] }]);
    expect(describeDiff(d)).toMatch(/table public.auth_user, column\(s\) date_joined/);
  });
  test("equal dumps have no difference", () => {
    expect(diffDumps(dump(["1\ta\tb"]), dump(["1\ta\tb"]))).toEqual({ tables: [], schemaLine: undefined });
  });
});
