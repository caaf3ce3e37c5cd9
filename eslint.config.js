import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Dependencies point inward (docs/ARCHITECTURE.md): these rules hold the line.
const layer = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'tests/.artifacts/', 'test-results/', 'playwright-report/', 'resources/public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] }, globals: { ...globals.browser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The domain is pure: no clocks, no I/O, nothing from outside the domain folder.
    files: ['src-main/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The domain takes time as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain takes time as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The domain is deterministic.' },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', '../*/**', '../../*'], message: 'The domain imports nothing outside itself.' }] }],
    },
  },
  layer(['src-main/contracts/**/*.ts'], [{ group: ['../domain*', '../app*', '../hall*', '../storage*', '../kiosk*', '../electron*', 'node:*'], message: 'Contracts depend on nothing but zod.' }]),
  layer(['src-main/app/**/*.ts'], [{ group: ['../hall*', '../storage*', '../kiosk*', '../electron*', '**/hardware/**'], message: 'The app layer knows ports, not adapters.' }]),
  layer(['src-renderer/**/*.{ts,vue}'], [
    { group: ['**/src-main/**', '!**/src-main/contracts', '!**/src-main/contracts/**'], message: 'Pages import only the contracts from src-main.' },
    { group: ['**/src-main/contracts', '**/src-main/contracts/**'], allowTypeImports: true, message: 'Pages import only types from the contracts.' },
    { group: ['**/hardware/**', 'node:*'], message: 'Pages run in a browser.' },
  ]),
);
