/** @type {import('jest').Config} */
// sucrase is pure JavaScript: no native binary that a lock file has to list for every platform.
const transform = {
  '^.+\\.(t|m?j)sx?$': [
    '@sucrase/jest-plugin',
    { transforms: ['typescript', 'imports', 'jsx'], jsxRuntime: 'automatic', production: true },
  ],
};
const shared = {
  transform,
  testEnvironment: 'node',
  // openid-client and its helpers, and a dependency of jsdom, ship only ES modules, which jest on Node 20 cannot require.
  transformIgnorePatterns: [
    '/node_modules/(?!(openid-client|oauth4webapi|jose|@exodus|parse5|entities|@asamuzakjp|css-tree|mdn-data|tldts|tldts-core|whatwg-url|webidl-conversions|tr46|cssstyle|data-urls|decimal.js|html-encoding-sniffer|@csstools|lru-cache)/)',
  ],
};

module.exports = {
  // Set-up builds real databases (PGlite in memory, or a PostgreSQL schema): generous on a busy machine.
  // (A global option: jest ignores it inside a project.)
  testTimeout: 60_000,
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
