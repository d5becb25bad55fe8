/** Tests run in band: integration suites start real PostgreSQL clusters on a 2-core machine. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 180000,
  // tests/unit starts no process and no server: this makes a test that does fail, saying so.
  setupFilesAfterEnv: ["<rootDir>/tests/unit/startsNothing.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false } }] },
};
