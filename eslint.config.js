// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import fielddesk from './eslint/layers.js';

const root = import.meta.dirname;

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'out/**', 'dist/**', 'server/dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**', 'bench-results/**', 'renderer/dev-dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { fielddesk },
    rules: {
      'fielddesk/layers': ['error', { root }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // common/ runs in the renderer, main and the server alike: no DOM, no Node globals.
    files: ['common/**/*.ts'],
    ignores: ['common/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'process', 'Buffer', '__dirname', 'require', 'global'].map(
          (name) => ({ name, message: `common/ must not use "${name}": it runs in the renderer, main and the server alike.` }),
        ),
      ],
    },
  },
  // Playwright fixtures are declared by destructuring, so `async ({}, testInfo) => …` is idiomatic.
  { files: ['e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['main/**/*.ts', 'server/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'e2e/**/*.ts', 'eslint/**/*.js', '*.config.{js,ts}'], languageOptions: { globals: { ...globals.node } } },
);
