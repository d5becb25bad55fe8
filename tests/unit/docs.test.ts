/**
 * docs/settings.md's table is the one derived from the declaration (PGSEED_WRITE_DOCS=1
 * rewrites it).
 */
import * as fs from "fs";
import * as path from "path";
import { settingsMarkdown } from "../../config";
import { RECIPE_SETTINGS } from "../../seed/inputs/recipe";
import { ROOT } from "../helpers";

test("docs/settings.md's table equals settingsMarkdown()", () => {
  const file = path.join(ROOT, "docs", "settings.md");
  const text = fs.readFileSync(file, "utf8");
  const section = /(<!-- settings:begin -->\n)([\s\S]*?)(<!-- settings:end -->)/;
  expect(text).toMatch(section);
  const table = settingsMarkdown(RECIPE_SETTINGS) + "\n";
  if (process.env.PGSEED_WRITE_DOCS === "1")
    fs.writeFileSync(
      file,
      text.replace(section, (_m, a, _b, c) => a + table + c),
    );
  expect(section.exec(fs.readFileSync(file, "utf8"))![2]).toBe(table);
  for (const key of RECIPE_SETTINGS)
    expect(table).toMatch(new RegExp(`\\| \`${key}\` \\|[^\\n]*\\| yes \\|`));
});
