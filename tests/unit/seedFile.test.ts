import * as fs from "fs";
import * as path from "path";
import { diffDumps, describeDiff } from "../../seed/seedfile/diff";
import { parseSeed } from "../../seed/seedfile/format";
import { encodeSeed, readSeed, renderSeed, wrapDump } from "../oracle/seedText";
import { scanSeed } from "../../seed/seedfile/read";
import { commitSeed, TrimEnd, writeSeedStream } from "../../seed/seedfile/write";
import { sha256 } from "../../seed/core/hash";
import { majorOf } from "../../seed/core/version";
import { describeFileDiff } from "../../seed/seedfile/diff";
import { maskUrls } from "../../seed/core/errors";
import { removeTempDirs, tempDir } from "../helpers";

afterAll(removeTempDirs);
const FP = `sha256:${"ab".repeat(32)}`;

describe("seed file", () => {
  const text = renderSeed(wrapDump("CREATE TABLE t (id int);\n", FP), FP, "15.18");

  test("header is the DESIGN.md header and parses back", () => {
    expect(text.split("\n").slice(0, 3)).toEqual([
      "-- pgseed seed v1",
      `-- fingerprint: ${FP}`,
      "-- postgres: 15.18",
    ]);
    const parsed = parseSeed(text, "x.sql");
    expect(parsed.header).toMatchObject({ format: 1, fingerprint: FP, postgres: "15.18" });
    expect(parsed.contentOk).toBe(true);
    expect(parsed.sql).toMatch(
      /^BEGIN;[\s\S]*COMMENT ON SCHEMA public IS 'pgseed sha256:abab[\s\S]*COMMIT;\n$/,
    );
  });
  test("a truncated or edited body no longer matches its content hash", () => {
    expect(parseSeed(text.slice(0, -10), "x.sql").contentOk).toBe(false);
    expect(parseSeed(text.replace("id int", "id bigint"), "x.sql").contentOk).toBe(false);
  });
  test("a file without the header is not a seed", () => {
    expect(() => parseSeed("CREATE TABLE t();\n", "x.sql")).toThrow(
      /x.sql is not a pgseed seed[\s\S]*fix: regenerate/,
    );
  });
  test("gzip output has no timestamp: equal text, equal bytes", async () => {
    const a = encodeSeed("s.sql.gz", text);
    expect(a.readUInt32LE(4)).toBe(0); // MTIME field: no time in the bytes
    expect(encodeSeed("s.sql.gz", text).equals(a)).toBe(true);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "s.sql.gz"), a);
    expect(readSeed(path.join(dir, "s.sql.gz"))!.parsed.header.fingerprint).toBe(FP);
  });
  test("commitSeed replaces the file whole and leaves no temp file; a seed aimed at a missing folder is refused", async () => {
    const dir = tempDir();
    const file = path.join(dir, "seed-db.sql");
    for (const body of ["SELECT 'old';\n", "SELECT 'new';\n"]) {
      await commitSeed(
        await writeSeedStream(file, [Buffer.from(body)], { fingerprint: FP, postgres: "15.18" }),
        file,
      );
    }
    expect(fs.readFileSync(file, "utf8")).toContain("SELECT 'new';");
    expect(fs.readdirSync(dir)).toEqual(["seed-db.sql"]);
    const missing = path.join(dir, "missing", "seed-db.sql");
    await expect(
      writeSeedStream(missing, [Buffer.from("x")], { fingerprint: FP, postgres: "15.18" }),
    ).rejects.toThrow(/cannot write seed[\s\S]*fix: create the folder/);
  });
  test("majorOf", () => {
    expect([majorOf("15.18"), majorOf("16beta1"), majorOf("9.6.24"), majorOf("17.2")]).toEqual([
      15, 16, 9.6, 17,
    ]);
  });
  test("maskUrls hides passwords", () => {
    expect(maskUrls("at postgresql://app:s3cr3t@127.0.0.1:5432/app and postgres://u:p@h/d")).toBe(
      "at postgresql://app:****@127.0.0.1:5432/app and postgres://u:****@h/d",
    );
  });
});

describe("diffDumps", () => {
  const dump = (rows: string[]) =>
    `SET x = 1;\nCOPY public.auth_user (id, username, date_joined) FROM stdin;\n${rows.join("\n")}\n\\.\n`;
  test("names the table, the columns and the rows that differ", () => {
    const d = diffDumps(
      dump(["1\tanon\t2026-01-01 10:00:00+00"]),
      dump(["1\tanon\t2026-01-01 10:00:01+00"]),
    );
    expect(d.tables).toEqual([
      {
        table: "public.auth_user",
        columns: ["date_joined"],
        rows: [
          { first: "1\tanon\t2026-01-01 10:00:00+00", second: "1\tanon\t2026-01-01 10:00:01+00" },
        ],
      },
    ]);
    expect(describeDiff(d)).toMatch(/table public.auth_user, column\(s\) date_joined/);
  });
  test("equal dumps have no difference", () => {
    expect(diffDumps(dump(["1\ta\tb"]), dump(["1\ta\tb"]))).toEqual({
      tables: [],
      schemaLine: undefined,
    });
  });
});

describe("streamed seed (any size, bounded memory)", () => {
  // A fixed dump: pg_dump's shape, non-ASCII rows, trailing blank lines trimEnd removes.
  const DUMP = `--\n-- PostgreSQL database dump\n--\n\nCOPY public.t (id, name) FROM stdin;\n${Array.from({ length: 3000 }, (_, i) => `${i}\tnämé ✓ ${i}`).join("\n")}\n\\.\n\n--\n-- PostgreSQL database dump complete\n--\n\n\n`;
  /** The dump cut into uneven chunks, split inside multi-byte characters too. */
  function* chunks(text: string, sizes: number[]): Generator<Buffer> {
    const bytes = Buffer.from(text);
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const n = sizes[i % sizes.length];
      yield bytes.subarray(at, at + n);
      at += n;
    }
  }
  const inMemory = (
    file: string,
    dump: string,
    inputs?: { recipe: string; files: Record<string, string> },
  ) => encodeSeed(file, renderSeed(wrapDump(dump, FP, inputs), FP, "15.18"));

  test.each([
    ["seed-db.sql", [65536]],
    ["seed-db.sql", [1, 7, 3, 1000, 2]],
    ["seed-db.sql.gz", [4096, 13]],
  ])(
    "%s in chunks of %j: the bytes of the in-memory path, header patched, hashes right",
    async (name, sizes) => {
      const dir = tempDir();
      const file = path.join(dir, name);
      const inputs = { recipe: "r", files: { "migrations/001.sql": "ab" } };
      const staged = await writeSeedStream(file, chunks(DUMP, sizes), {
        fingerprint: FP,
        postgres: "15.18",
        inputs,
      });
      const written = await commitSeed(staged, file);
      const expected = inMemory(file, DUMP, inputs);
      const bytes = fs.readFileSync(file);
      expect(bytes.equals(expected)).toBe(true);
      expect(written).toEqual({ sha256: sha256(expected), bytes: expected.length });
      expect(fs.readdirSync(dir)).toEqual([name]); // no temp file left
      const scan = await scanSeed(file);
      expect(scan).toEqual({
        header: readSeed(file)!.parsed.header,
        contentOk: true,
        sha256: sha256(expected),
        bytes: expected.length,
      });
      expect((await scanSeed(file, { stopAfterHeader: true }))?.header).toMatchObject({
        fingerprint: FP,
        postgres: "15.18",
      });
    },
  );

  test("the header's content line is the hash of the body, patched at its place (first 4 lines as before)", async () => {
    const file = path.join(tempDir(), "seed-db.sql");
    await commitSeed(
      await writeSeedStream(file, chunks("SELECT 1;\n", [3]), {
        fingerprint: FP,
        postgres: "15.18",
      }),
      file,
    );
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const body = lines.slice(4).join("\n");
    expect(lines.slice(0, 4)).toEqual([
      "-- pgseed seed v1",
      `-- fingerprint: ${FP}`,
      "-- postgres: 15.18",
      `-- content: ${sha256(body)}`,
    ]);
  });

  test("TrimEnd drops exactly what String.prototype.trimEnd does, wherever the chunks split", () => {
    for (const text of ["a \n\t\n", "x\u00a0\u2028 \n", "ü\n\n", "  \n", "abc", "é é\u3000"]) {
      for (const size of [1, 2, 3, 64]) {
        const t = new TrimEnd();
        const out = [...chunks(text, [size])].flatMap((c) => t.push(c));
        expect(Buffer.concat([...out, t.end()]).toString()).toBe(text.trimEnd());
      }
    }
  });

  test("a failing dump stream leaves no temp file and passes its error on", async () => {
    const dir = tempDir();
    async function* failing() {
      yield Buffer.from("COPY t FROM stdin;\n");
      throw new Error("pg_dump failed with exit code 1");
    }
    await expect(
      writeSeedStream(path.join(dir, "seed-db.sql"), failing(), {
        fingerprint: FP,
        postgres: "15.18",
      }),
    ).rejects.toThrow(/pg_dump failed/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("scanSeed: a truncated or edited body is not contentOk; no header, corrupt gzip and folders as readSeed says", async () => {
    const dir = tempDir();
    const text = renderSeed(wrapDump(DUMP, FP), FP, "15.18");
    const put = (name: string, data: string | Buffer) => (
      fs.writeFileSync(path.join(dir, name), data),
      path.join(dir, name)
    );
    expect((await scanSeed(put("cut.sql", text.slice(0, text.length / 2))))!.contentOk).toBe(false);
    expect((await scanSeed(put("edit.sql", text.replace("nämé ✓ 7", "nämé ✓ 8"))))!.contentOk).toBe(
      false,
    );
    expect(await scanSeed(path.join(dir, "absent.sql"))).toBeUndefined();
    await expect(scanSeed(put("none.sql", "CREATE TABLE t();\n"))).rejects.toThrow(
      /none.sql is not a pgseed seed/,
    );
    await expect(
      scanSeed(put("bad.sql.gz", encodeSeed("x.gz", text).subarray(0, 300))),
    ).rejects.toThrow(/bad.sql.gz is not valid gzip \(truncated or corrupt\)/);
    await expect(scanSeed(dir)).rejects.toThrow(/is a folder/);
  });

  test("--verify's diff of two staged seeds names the rows, and refuses to load dumps above the limit", async () => {
    const dir = tempDir();
    const a = put(
      dir,
      "a.sql",
      renderSeed(wrapDump(`COPY public.t (id, at) FROM stdin;\n1\t10:00\n\\.\n`, FP), FP, "15.18"),
    );
    const b = put(
      dir,
      "b.sql",
      renderSeed(wrapDump(`COPY public.t (id, at) FROM stdin;\n1\t10:01\n\\.\n`, FP), FP, "15.18"),
    );
    expect(describeFileDiff(a, b)).toMatch(
      /table public.t, column\(s\) at:\n\s+first:  1\t10:00\n\s+second: 1\t10:01$/,
    );
    expect(describeFileDiff(a, b, 100)).toMatch(/too big to diff in memory \(limit 0 MB\)/);
  });
  const put = (dir: string, name: string, data: string) => (
    fs.writeFileSync(path.join(dir, name), data),
    path.join(dir, name)
  );
});
