// Lint: no unused code, lines of about 100 columns (prettier formats; long strings, URLs and
// regular expressions may run over), the recommended TypeScript rules.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const prettier = require("eslint-config-prettier");

module.exports = tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".bench/**", "**/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Lazy require() keeps the CLI fast (Pulumi, pg and execa load only where needed).
      "@typescript-eslint/no-require-imports": "off",
      // Dynamic providers receive untyped property bags from the engine.
      "@typescript-eslint/no-explicit-any": "off",
      // Regular expressions that match CLI output spell its spaces out.
      "no-regex-spaces": "off",
      // Errors are re-thrown as one line with a fix, on purpose without the driver's object.
      "preserve-caught-error": "off",
      "max-len": ["error", { code: 100, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true, ignoreComments: false }],
    },
  },
);
