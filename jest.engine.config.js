/**
 * The engine tier (npm run test:engine): the real Pulumi CLI built by scripts/build-pulumi.sh.
 * Its files end in .engine.ts, so the default `npm test` (jest.config.js, *.test.ts) never runs them.
 */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/engine"],
  testMatch: ["**/*.engine.ts"],
  testTimeout: 900000,
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false } }] },
};
