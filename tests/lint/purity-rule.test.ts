import { lintWith } from './lint-with';

// The pure core (style.md habit 2) is only enforced if I/O, a clock or randomness in a pure folder really
// fails the lint. eslint.config.mjs uses exactly these blocks; here they run without type information.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the shared config is CommonJS so both ESM and jest can load it
const purity = require('../../eslint.purity.cjs') as unknown[];

const lint = lintWith(purity);
const purityErrors = (file: string, source: string): Promise<string[]> =>
  lint(file, source, new Set(['purity/pure-core']));

const pureFiles = [
  'connectors/hl7v2/src/mapping/probe.ts',
  'connectors/council/src/mapping/nested/probe.ts',
  'schemas/src/person/probe.ts',
  'schemas/src/read-models/probe.ts',
  'services/projector/src/person/probe.ts',
  'services/projector/src/readmodels/probe.ts',
  'services/feed-router/src/routing/probe.ts',
  'services/api/src/views.ts',
];

describe('the pure core (eslint.purity.cjs)', () => {
  describe.each(pureFiles)('in %s', (file) => {
    it.each([
      ["import { readFileSync } from 'node:fs';", /'node:fs' is a Node built-in that does I\/O/],
      ["import { readFileSync } from 'fs';", /'fs' is a Node built-in/],
      ["import { setTimeout } from 'node:timers/promises';", /'node:timers\/promises' is a Node built-in/],
      ["import { createServer } from 'node:http';", /'node:http' is a Node built-in/],
      ["import type { Redis } from 'ioredis';", /'ioredis' is an I\/O client/],
      ["import { Kafka } from 'kafkajs';", /'kafkajs' is an I\/O client/],
      ["import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';", /I\/O client/],
      ["import Fastify from 'fastify';", /'fastify' is an I\/O client/],
      ["import { pino } from 'pino';", /'pino' is an I\/O client/],
      ["export * from 'node:net';", /'node:net' is a Node built-in/],
      ["const fs = require('node:fs');", /'node:fs' is a Node built-in/],
      ["const load = () => import('node:child_process');", /'node:child_process'/],
      ["import { randomUUID } from 'node:crypto';", /'randomUUID' from node:crypto is random/],
      ['export const now = Date.now();', /a clock read \(Date\)/],
      ['export const today = new Date();', /a clock read \(Date\)/],
      ['export const stamp = Date();', /a clock read \(Date\)/],
      ['export const t = performance.now();', /a clock read \(performance\)/],
      ['setTimeout(() => undefined, 10);', /a timer \(setTimeout\)/],
      ['export const tick = setInterval;', /a timer \(setInterval\)/],
      ['export const port = process.env.PORT;', /process state \(process\)/],
      ['export const dice = Math.random();', /randomness \(Math\)/],
      ['export const id = crypto.randomUUID();', /randomness \(crypto\)/],
    ])('rejects %s', async (source, message) => {
      const errors = await purityErrors(file, source);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    });
  });

  it.each([
    ['schemas/src/person/probe.ts', "import { createHmac } from 'node:crypto';"],
    ['services/projector/src/readmodels/probe.ts', "import { readModels } from '@homefirst/schemas';"],
    ['services/projector/src/readmodels/probe.ts', "import { startOfLocalDay } from '../time/london';"],
    ['connectors/hl7v2/src/mapping/probe.ts', "import type { Hl7Segment } from '@medplum/core';"],
    ['connectors/council/src/mapping/probe.ts', "import { z } from 'zod';"],
    [
      'schemas/src/read-models/probe.ts',
      'export const at = (iso: string) => new Date(iso).getTime() + Date.UTC(2025, 0);',
    ],
    [
      'schemas/src/read-models/probe.ts',
      'export const hours = (now: Date) => Math.floor(now.getTime() / 3_600_000);',
    ],
    [
      'services/projector/src/person/probe.ts',
      'export const later = (performance: { now(): number }, setTimeout: () => void) => { setTimeout(); return performance.now(); };',
    ],
  ])('allows in %s: %s', async (file, source) => {
    expect(await purityErrors(file, source)).toEqual([]);
  });

  it.each([
    [
      'services/projector/src/consumer/probe.ts',
      "import { Redis } from 'ioredis';\nexport const now = Date.now();",
    ],
    ['connectors/council/src/mapping-files/probe.ts', "import { readFileSync } from 'node:fs';"],
    [
      'connectors/fhir/src/http/probe.ts',
      "import Fastify from 'fastify';\nsetTimeout(() => undefined, new Date().getTime());",
    ],
    [
      'services/projector/src/readmodels/probe.test.ts',
      "import { readFileSync } from 'node:fs';\nconst t = Date.now();",
    ],
    ['services/runtime/src/probe.ts', "import { pino } from 'pino';\nexport const env = process.env;"],
  ])('does not apply at the edge or in tests: %s', async (file, source) => {
    expect(await purityErrors(file, source)).toEqual([]);
  });
});
