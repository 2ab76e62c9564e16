import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.output/',
      '.wxt/',
      '.venv/',
      '.venv-archivebox/',
      '.venv-archivebox-09/',
      'test/fixtures/site/static/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // preact/compat's global vnode hook rewrites the props of every element rendered, which a
    // long list pays on each render; lib/ui/memo.ts gives the one thing it was used for.
    files: ['components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'preact/compat', message: 'Use memo from lib/ui/memo.ts.' }] },
      ],
    },
  },
  {
    // Pure layers: no extension APIs, no DOM-only code (architecture.md).
    files: ['lib/capture/**/*.ts', 'lib/warc/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'chrome', 'browser', 'document', 'window'],
      'no-restricted-imports': [
        'error',
        { patterns: ['#imports', 'wxt/*', 'dexie', '../db/*', '../platform/*'] },
      ],
    },
  },
);
