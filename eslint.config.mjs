import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Server modules the browser runs too: plain code with no server dependency. */
const CLIENT_SHARED = ['xapi/profile', 'lib/lrs-scopes', 'lib/markdown/front-matter', 'lib/markdown/render'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test-results/', 'server/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Layers (docs/architecture.md): the LRS knows no feature above it.
  {
    files: ['server/src/xapi/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!lib/)',
              message: 'server/src/xapi is the LRS, a lower layer: it imports only lib/ and its own files.',
            },
          ],
        },
      ],
    },
  },
  // A store owns its tables: another feature goes through that feature's service. Two exceptions:
  // in lib/, `../x/` is a folder of lib itself, not a feature; xapi/ keeps its stricter rule above,
  // which already forbids every feature's store, and which this entry would replace, not add to (a
  // later no-restricted-imports setting for the same file wins).
  {
    files: ['server/src/*/**/*.ts'],
    ignores: ['server/src/lib/**', 'server/src/xapi/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[a-z-]+/([a-z-]+-)?store$',
              message: "A feature's tables are written and read by its own store: call that feature's service.",
            },
          ],
        },
      ],
    },
  },
  // The browser gets the server's types, and runs only the server code meant to be shared with it.
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+server/src/(?!(${CLIENT_SHARED.join('|')})$)`,
              allowTypeImports: true,
              message: `The client imports only types from the server, and code from ${CLIENT_SHARED.join(', ')}.`,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
