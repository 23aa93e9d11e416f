// Lint, including the dependency rule of design.md: packages meet only on Kafka topics.
//   schemas            → imports nothing in the repo
//   services/runtime   → schemas
//   connectors/<x>     → schemas, runtime (never another connector)
//   services/<x>       → schemas, runtime (never another service)
//   scripts/, tests/   → anything
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const workspace = ['@homefirst/*'];
const escapesPackage = { regex: '^(\\.\\./)+(schemas|services|connectors|tests|scripts)(/|$)', message: 'Import another package by its name, never by a relative path.' };
const only = (...allowed) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        escapesPackage,
        {
          group: workspace.concat(allowed.map((name) => `!${name}`)),
          message: `Forbidden edge (design.md): this package may import only ${allowed.join(', ') || 'nothing in the repo'}.`,
        },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.hub/**', 'coverage/**', 'tests/artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { project: ['./tsconfig.check.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['schemas/**/*.ts'], rules: only() },
  { files: ['services/runtime/**/*.ts'], rules: only('@homefirst/schemas') },
  { files: ['connectors/**/*.ts', 'services/**/*.ts'], ignores: ['services/runtime/**'], rules: only('@homefirst/schemas', '@homefirst/runtime') },
  { files: ['**/*.test.ts', 'tests/**/*.ts', 'scripts/**/*.ts'], rules: { '@typescript-eslint/unbound-method': 'off' } },
  { files: ['services/cli/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts'], rules: { 'no-console': 'off' } },
  prettier,
);
