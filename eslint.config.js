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
