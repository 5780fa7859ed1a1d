import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['scratch/**', 'test/fixtures/prompts/**', 'dist/', 'node_modules/', 'out/', '.vscode-test/', 'media/vendor/', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // proxy/ and prompts/ must run without VS Code (CLI, CI); only the extension may import it.
    files: ['proxy/**/*.ts', 'prompts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'proxy/ never imports vscode' }] }] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly' } },
  },
);
