// Lint, including the dependency rule of docs/architecture.md (eslint.boundaries.cjs): packages meet only on Kafka topics,
// and the pure core (eslint.purity.cjs): no I/O, clocks or randomness in mapping, person, read models and views.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import boundaries from './eslint.boundaries.cjs';
import purity from './eslint.purity.cjs';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.hub/**',
      'coverage/**',
      'tests/artifacts/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.check.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  ...boundaries,
  ...purity,
  {
    // Issue 12: a regex whose time grows faster than its input held a core for minutes (FHIR references,
    // HL7 line ends). Every regex in the tree must run in linear time.
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    // Files and functions of one idea (issue 11): a file you can read in one sitting, a function on a screen
    // or two. Test describe callbacks count too. Generated code is exempt.
    files: ['**/*.ts'],
    ignores: ['schemas/src/generated/**'],
    rules: {
      'max-lines': ['error', { max: 450, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': [
        'error',
        { max: 120, skipBlankLines: false, skipComments: false, IIFEs: true },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['services/cli/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts', '**/src/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
