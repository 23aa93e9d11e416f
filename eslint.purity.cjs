// The pure core (style.md habit 2) as an ESLint config block, shared by eslint.config.mjs and by
// tests/lint/purity-rule.test.ts (which proves a forbidden import and a clock read fail the lint).
//
// In the pure folders below, code maps and projects: same input, same output. So it may not
//   - import I/O: Node built-ins other than `node:crypto` (fs, net, http(s), child_process, timers, …),
//     clients of Kafka, Redis, HTTP, logging or metrics (kafkajs, ioredis, fastify, pino, …);
//   - read a clock: `Date.now()`, `new Date()` / `Date()` without an argument, `performance`, timers
//     (`setTimeout`, `setInterval`, `setImmediate`) — pure code takes `now` as a parameter;
//   - read process state (`process.env`, `process.hrtime`, …) — configuration comes in as a parameter;
//   - draw random numbers (`Math.random()`, `randomUUID`, `randomBytes`, … from `node:crypto` or the global
//     `crypto`).
// `node:crypto` stays allowed for its deterministic part: personKey is a keyed HMAC of the NHS number and
// eventIds are name-based UUIDs (SHA-1), both computed in pure code.
// Tests in these folders (*.test.ts) are exempt: they are the shell around the core and may read fixtures.
'use strict';

const { builtinModules } = require('node:module');

/** The pure folders (repo-relative globs). */
const PURE_FILES = [
  'connectors/*/src/mapping/**/*.ts',
  'schemas/src/person/**/*.ts',
  'schemas/src/read-models/**/*.ts',
  'services/projector/src/person/**/*.ts',
  'services/projector/src/readmodels/**/*.ts',
  'services/feed-router/src/routing/**/*.ts',
  'services/webhooks/src/core/**/*.ts',
  'services/api/src/views.ts',
];

/** Node built-ins pure code may import (without the `node:` prefix). */
const PURE_BUILTINS = new Set(['crypto']);

/** `node:crypto` exports that are not deterministic. */
const RANDOM_CRYPTO = new Set([
  'randomUUID',
  'randomBytes',
  'randomInt',
  'randomFill',
  'randomFillSync',
  'getRandomValues',
  'generateKey',
  'generateKeyPair',
  'generateKeyPairSync',
  'generateKeySync',
  'generatePrime',
  'generatePrimeSync',
]);

/** Packages that do I/O (a name, or a scope ending in `/`, or a prefix ending in `-`). */
const IO_PACKAGES = [
  'kafkajs',
  '@kafkajs/',
  'ioredis',
  'fastify',
  '@fastify/',
  'pino',
  'pino-',
  'prom-client',
  'fhir-kit-client',
  '@medplum/hl7',
  'undici',
  'commander',
];

const BUILTINS = new Set(builtinModules.map((name) => name.replace(/^node:/, '')));

/** Why a module may not be imported from pure code, or undefined when it may. */
function forbiddenModule(source) {
  const bare = source.replace(/^node:/, '');
  const root = bare.split('/')[0];
  if (source.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(root))
    return PURE_BUILTINS.has(bare) ? undefined : 'a Node built-in that does I/O';
  const isPackage = (name) =>
    name.endsWith('/') || name.endsWith('-')
      ? source.startsWith(name)
      : source === name || source.startsWith(`${name}/`);
  return IO_PACKAGES.some(isPackage) ? 'an I/O client' : undefined;
}

const CLOCK = 'a clock read';
const TIMER = 'a timer';
const PROCESS = 'process state';
const RANDOM = 'randomness';

/** What a reference to a global does, when pure code may not do it. */
function impurityOf(name, node) {
  const parent = node.parent;
  const member =
    parent && parent.type === 'MemberExpression' && parent.object === node && !parent.computed
      ? parent.property.name
      : undefined;
  switch (name) {
    case 'Date':
      if (
        parent &&
        parent.type === 'NewExpression' &&
        parent.callee === node &&
        parent.arguments.length === 0
      )
        return CLOCK;
      if (parent && parent.type === 'CallExpression' && parent.callee === node) return CLOCK;
      return member === 'now' ? CLOCK : undefined;
    case 'performance':
      return CLOCK;
    case 'setTimeout':
    case 'setInterval':
    case 'setImmediate':
      return TIMER;
    case 'process':
      return PROCESS;
    case 'Math':
      return member === 'random' ? RANDOM : undefined;
    case 'crypto':
      return member !== undefined && RANDOM_CRYPTO.has(member) ? RANDOM : undefined;
    default:
      return undefined;
  }
}

const WATCHED_GLOBALS = new Set([
  'Date',
  'performance',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'process',
  'Math',
  'crypto',
]);

const pureCore = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      io: "Pure core (eslint.purity.cjs): '{{source}}' is {{why}}; do I/O at the edge and pass the result in.",
      random:
        "Pure core (eslint.purity.cjs): '{{name}}' from node:crypto is random; pass ids in or derive them.",
      impure:
        'Pure core (eslint.purity.cjs): {{what}} ({{name}}); take `now`, configuration or ids as parameters.',
    },
  },
  create(context) {
    const checkSource = (sourceNode) => {
      if (!sourceNode || sourceNode.type !== 'Literal' || typeof sourceNode.value !== 'string') return;
      const why = forbiddenModule(sourceNode.value);
      if (why) context.report({ node: sourceNode, messageId: 'io', data: { source: sourceNode.value, why } });
    };
    const checkCryptoNames = (node) => {
      if (!node.source || node.source.value.replace(/^node:/, '') !== 'crypto') return;
      for (const specifier of node.specifiers ?? []) {
        const imported = specifier.type === 'ImportSpecifier' ? specifier.imported : specifier.local;
        const name = specifier.type === 'ExportSpecifier' ? specifier.local.name : imported.name;
        if (RANDOM_CRYPTO.has(name)) context.report({ node: specifier, messageId: 'random', data: { name } });
      }
    };
    return {
      ImportDeclaration(node) {
        checkSource(node.source);
        checkCryptoNames(node);
      },
      ExportNamedDeclaration(node) {
        checkSource(node.source);
        checkCryptoNames(node);
      },
      ExportAllDeclaration: (node) => checkSource(node.source),
      ImportExpression: (node) => checkSource(node.source),
      TSExternalModuleReference: (node) => checkSource(node.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          checkSource(node.arguments[0]);
      },
      'Program:exit'(program) {
        // Only references that reach the global scope: a local `now` or `Date` parameter is fine.
        const globalScope = context.sourceCode.getScope(program);
        const seen = new Set();
        const report = (reference) => {
          const node = reference.identifier;
          if (seen.has(node)) return;
          seen.add(node);
          const what = impurityOf(node.name, node);
          if (what) context.report({ node, messageId: 'impure', data: { what, name: node.name } });
        };
        for (const variable of globalScope.variables)
          if (WATCHED_GLOBALS.has(variable.name)) variable.references.forEach(report);
        for (const reference of globalScope.through)
          if (WATCHED_GLOBALS.has(reference.identifier.name)) report(reference);
      },
    };
  },
};

module.exports = [
  {
    files: PURE_FILES,
    ignores: ['**/*.test.ts'],
    plugins: { purity: { rules: { 'pure-core': pureCore } } },
    rules: { 'purity/pure-core': 'error' },
  },
];
