/** seed/image/base.ts, pure: reading an image's psql version and whether it can read a seed. */
import { compareVersions, psqlRejectsSeed, versionIn } from "../../seed/image/base";

test("the version of an image's psql: PG_VERSION of official images, or psql --version", () => {
  expect(versionIn("PATH=/usr/bin\nPG_MAJOR=15\nPG_VERSION=15.10-1.pgdg120+1")).toBe("15.10");
  expect(versionIn("psql (PostgreSQL) 16.4 (Debian 16.4-1.pgdg120+2)")).toBe("16.4");
  expect(versionIn("PATH=/usr/bin\nPG_MAJOR=15")).toBeUndefined();
});

test("versions compare by number, not as text", () => {
  expect(compareVersions("15.9", "15.10")).toBe(-1);
  expect(compareVersions("15.10", "15.10")).toBe(0);
  expect(compareVersions("16.1", "15.18")).toBe(1);
});

test("a psql rejects a seed only across the \\restrict line of its major", () => {
  expect(psqlRejectsSeed("15.10", "15.18")).toBe(true);
  expect(psqlRejectsSeed("15.14", "15.18")).toBe(false); // older, but knows \restrict
  expect(psqlRejectsSeed("15.10", "15.13")).toBe(false); // the seed has no \restrict
  expect(psqlRejectsSeed("12.20", "12.22")).toBe(false); // 12 never got \restrict
});
