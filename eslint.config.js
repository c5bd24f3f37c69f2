import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impureInCore = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core is pure: take `now` as a parameter.' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core is pure: take `now` as a parameter.' },
  { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'core is pure: take ids or seeds as parameters.' },
  { selector: "MemberExpression[object.name='process']", message: 'core is pure: configuration is passed in by the server.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'leadpulse-data/**', 'bench/.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', performance: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The dashboard runs in browsers: browser globals; core (pure: no I/O, no Node types, no dependency), and only the
    // contract's client, error codes and snippet.
    files: ['packages/dashboard/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', EventSource: 'readonly', FormData: 'readonly', URLSearchParams: 'readonly', fetch: 'readonly', MessageEvent: 'readonly', HTMLDivElement: 'readonly', HTMLFormElement: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@leadpulse/contract', message: 'Import @leadpulse/contract/client (or /error-codes, /tracker-snippet): the whole contract would bundle zod. Domain constants come from @leadpulse/core.' }],
          patterns: [{ group: ['@leadpulse/server*', '**/server/**'], message: 'The dashboard talks to the server only through @leadpulse/contract/client.' }],
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...impureInCore],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto'], message: 'core has no I/O: the server passes data in.' }] }],
    },
  },
  {
    files: ['packages/server/src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/storage/**', '**/http/**', '**/cli/**'], message: 'app/ declares ports (ports.ts); storage, http and cli depend on app, never the reverse.' }] }],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/config/load-config.ts', '**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Only config/load-config.ts reads process.env; take the setting from Config.' }],
    },
  },
);
