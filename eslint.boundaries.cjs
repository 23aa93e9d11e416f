// The dependency rule of docs/architecture.md as ESLint config blocks, shared by eslint.config.mjs and by
// tests/lint/dependency-rule.test.ts (which proves a forbidden edge fails the lint).
//   schemas            → imports nothing in the repo
//   services/runtime   → schemas
//   connectors/<x>     → schemas, runtime (never another connector)
//   services/<x>       → schemas, runtime (never another service)
//   services/testing   → schemas, runtime (it is test support: the rule above applies to it)
//   @homefirst/testing → importable only from test support: *.test.ts, src/testing/**, src/bench/**
//   scripts/, tests/   → anything
'use strict';

const path = require('node:path');

/** `schemas`, `services/<x>` or `connectors/<x>`: the workspace a repo-relative path belongs to. */
function workspaceOf(relativePath) {
  const [top, name] = relativePath.split(path.sep);
  if (top === 'schemas') return 'schemas';
  if ((top === 'services' || top === 'connectors') && name) return `${top}/${name}`;
  return undefined;
}

/** Flags a relative import that climbs out of its own workspace — it would dodge the name-based rule. */
const noRelativeWorkspaceImport = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      escape: 'Relative import from another package ({{target}}): import it by its @homefirst/… name.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename);
    const own = workspaceOf(file);
    const check = (node) => {
      const source = node.source && node.source.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), source));
      if (workspaceOf(target) !== own)
        context.report({ node: node.source, messageId: 'escape', data: { target } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

const TESTING = '@homefirst/testing';

function only(...allowed) {
  const production = allowed.filter((name) => name !== TESTING);
  const patterns = [
    {
      group: ['@homefirst/*', `!${TESTING}`, ...production.map((name) => `!${name}`)],
      message: `Forbidden edge (docs/architecture.md): this package may import only ${production.join(', ') || 'nothing in the repo'}.`,
    },
  ];
  if (!allowed.includes(TESTING))
    patterns.push({
      group: [TESTING],
      message:
        'Forbidden edge (docs/architecture.md): @homefirst/testing is test support, importable only from *.test.ts, src/testing/** and src/bench/**.',
    });
  return { 'no-restricted-imports': ['error', { patterns }] };
}

/** Test support in the workspaces matching `workspace`: tests and the set-up code tests and benchmarks use. */
const testSupportIn = (workspace) => [
  `${workspace}/**/*.test.ts`,
  `${workspace}/src/testing/**/*.ts`,
  `${workspace}/src/bench/**/*.ts`,
];

module.exports = [
  {
    // A relative path into another workspace (its nearest package.json differs) would dodge the rule below.
    files: ['schemas/**/*.ts', 'services/**/*.ts', 'connectors/**/*.ts'],
    plugins: { homefirst: { rules: { 'no-relative-workspace-import': noRelativeWorkspaceImport } } },
    rules: { 'homefirst/no-relative-workspace-import': 'error' },
  },
  { files: ['schemas/**/*.ts'], rules: only() },
  { files: ['services/runtime/**/*.ts'], rules: only('@homefirst/schemas') },
  {
    files: ['connectors/**/*.ts', 'services/**/*.ts'],
    ignores: ['services/runtime/**'],
    rules: only('@homefirst/schemas', '@homefirst/runtime'),
  },
  // Test support may also use the test-support workspace (which itself follows the services rule).
  {
    files: [...testSupportIn('connectors/*'), ...testSupportIn('services/*')],
    ignores: ['services/runtime/**', 'services/testing/**'],
    rules: only('@homefirst/schemas', '@homefirst/runtime', TESTING),
  },
  {
    files: testSupportIn('services/runtime'),
    rules: only('@homefirst/schemas', TESTING),
  },
];
