/** @type {import('jest').Config} */
// sucrase is pure JavaScript: no native binary that a lock file has to list for every platform.
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@sucrase/jest-plugin',
    { transforms: ['typescript', 'imports', 'jsx'], jsxRuntime: 'automatic', production: true },
  ],
};
const shared = {
  transform,
  testEnvironment: 'node',
  // Set-up builds real databases (PGlite in memory, or a PostgreSQL schema): generous on a busy machine.
  testTimeout: 30_000,
  // openid-client and its helpers ship only ES modules, which jest on Node 20 cannot require.
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
};

module.exports = {
  // Jest reads testTimeout only here, not per project: without it hooks get 5 s, too little on a busy machine.
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...shared, displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
    },
  ],
};
