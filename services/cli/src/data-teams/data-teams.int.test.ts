import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createCodec, EventPublisher, createProducer } from '@homefirst/runtime';
import { type DeadLetterEvent } from '@homefirst/schemas';
import { HubStack } from '@homefirst/testing';
import type { Producer } from 'kafkajs';

// `homefirst remap` and `homefirst deadletters` as people run them: the built command in a child process,
// against the real stack under a topic prefix of its own. Bad input is one line on stderr and exit 1.

const stack = new HubStack('clidl');
const bin = join(__dirname, '..', '..', 'bin', 'homefirst.js');
let producer: Producer;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const homefirst = (args: readonly string[], env: Record<string, string> = {}): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, HOMEFIRST_TOPIC_PREFIX: stack.prefix, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });

/** One line on stderr, no stack trace, exit 1. */
const failsWith = (ran: Ran, line: string | RegExp): void => {
  expect(ran.code).toBe(1);
  const lines = ran.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
};

/** Runs each command line and expects it to fail with that one line (see failsWith). */
const failEachWith = async (cases: readonly (readonly [string[], string | RegExp])[]): Promise<void> => {
  for (const [args, line] of cases) failsWith(await homefirst(args), line);
};

const deadLetter = (eventId: string, orgCode: string, errorCode: string, at: string): DeadLetterEvent => ({
  eventId,
  type: 'MessageDeadLettered',
  occurredAt: new Date(at),
  recordedAt: new Date(at),
  source: { channel: 'HL7V2', system: 'PAS', orgCode, messageId: `M-${eventId}` },
  personKey: null,
  correlationId: `c-${eventId}`,
  payload: {
    stage: 'VALIDATE',
    errorCode,
    reason: 'PID-3: the NHS number fails the check',
    retriable: false,
    contentType: 'x-application/hl7-v2+er7',
    input: Buffer.from(`MSH|^~\\&|PAS|${orgCode}\rPID|||9991234013^^^NHS^NH\r`),
    rawEventId: null,
    originalTopic: null,
    originalPartition: null,
    originalOffset: null,
  },
});

beforeAll(async () => {
  await stack.start();
  const codec = createCodec(stack.config, stack.prefix);
  producer = createProducer(stack.kafka);
  await producer.connect();
  await new EventPublisher({ producer, codec, topicPrefix: stack.prefix }).publish({
    deadLetters: [
      deadLetter('dl-rxn', 'RXN', 'HL7_NHS_NUMBER_INVALID', '2026-12-01T10:00:00Z'),
      deadLetter('dl-raj', 'RAJ', 'HL7_MSH_MISSING', '2026-12-02T10:00:00Z'),
    ],
  });
}, 60_000);

afterAll(async () => {
  await producer?.disconnect();
  await stack.stop([`${stack.prefix}redis:`]);
});

describe('homefirst deadletters', () => {
  it('lists with filters, without payloads; shows one with its reason and payload', async () => {
    const all = await homefirst(['deadletters', 'list', '--json']);
    expect(all.code).toBe(0);
    expect(
      all.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { eventId: string }).eventId),
    ).toEqual(['dl-rxn', 'dl-raj']);
    expect(all.stdout).not.toContain('9991234013');

    const rxn = await homefirst([
      'deadletters',
      'list',
      '--sender',
      'rxn',
      '--code',
      'HL7_NHS_NUMBER_INVALID',
      '--type',
      'validate',
    ]);
    expect(rxn.code).toBe(0);
    expect(rxn.stdout).toContain('dl-rxn');
    expect(rxn.stdout).not.toContain('dl-raj');
    const later = await homefirst(['deadletters', 'list', '--from', '2026-12-02', '--to', '2026-12-03']);
    expect(later.stdout).toContain('dl-raj');
    expect(later.stdout).not.toContain('dl-rxn');

    const shown = await homefirst(['deadletters', 'show', 'dl-rxn']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('reason:      PID-3: the NHS number fails the check');
    expect(shown.stdout).toContain('PID|||9991234013^^^NHS^NH\n');
    expect(shown.stderr).toBe('');
  }, 120_000);

  it('refuses an unknown dead-letter id, a bad time, a --from after --to, a projector-less redrive with no ids', async () => {
    await failEachWith([
      [
        ['deadletters', 'show', 'no-such-id'],
        'homefirst: no dead letter with eventId no-such-id on the dead-letter topic (see: homefirst deadletters list)',
      ],
      [
        ['deadletters', 'redrive', 'no-such-id'],
        'homefirst: no dead letter with eventId no-such-id on the dead-letter topic (see: homefirst deadletters list)',
      ],
      [['deadletters', 'list', '--from', 'monday'], /^homefirst: --from: not a time: "monday"/],
      [
        ['deadletters', 'list', '--from', '2026-12-02', '--to', '2026-12-01'],
        'homefirst: --from must be before --to',
      ],
      [
        ['deadletters', 'redrive'],
        'homefirst: redrive: name dead letters by eventId or choose them with a filter',
      ],
      [['deadletters', 'list', '--stage', 'LATER'], /^homefirst: --stage: unknown stage "LATER"/],
    ]);
  }, 120_000);

  it('given a broker that is down, then one line and exit 1', async () => {
    failsWith(
      await homefirst(['deadletters', 'list'], { HOMEFIRST_KAFKA_BROKERS: '127.0.0.1:1' }),
      /^homefirst: Kafka could not be read: .*ECONNREFUSED/,
    );
  }, 120_000);
});

describe('homefirst deadletters redrive', () => {
  it("runs the dead letter's connector: refused again with the new reason, then refused as already redriven", async () => {
    const env = { HOMEFIRST_REDIS_KEY_PREFIX: `${stack.prefix}redis:`, HOMEFIRST_ACTOR: 'cli-test' };
    const first = await homefirst(['deadletters', 'redrive', 'dl-rxn'], env);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^dl-rxn {2}refused: HL7_\w+: .+\n$/);
    expect(first.stdout).not.toContain('9991234013');
    const again = await homefirst(
      ['deadletters', 'redrive', '--sender', 'RXN', '--code', 'HL7_NHS_NUMBER_INVALID'],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(
      /^dl-rxn {2}already-redriven: already redriven at .+ by cli-test \(refused\); not redriven again — --force to redrive it anyway\n$/,
    );
  }, 120_000);
});

describe('homefirst remap', () => {
  it('refuses an unknown source, a missing --from-raw and a bad time with one line and exit 1', async () => {
    await failEachWith([
      [
        ['remap', '--from-raw', '--source', 'pas'],
        'homefirst: --source: unknown source "pas" (one of hl7v2, fhir, council)',
      ],
      [['remap', '--source', 'hl7v2'], 'homefirst: remap needs --from-raw (re-mapping reads the raw topic)'],
      [['remap', '--from-raw', '--from', '2026-99-01'], /^homefirst: --from: not a time/],
    ]);
  }, 60_000);

  // Runs after the redrive above, whose raw record is the only one under this prefix.
  it("runs the connector: a dry run over the redrive's raw record (refused today too) finds nothing to publish", async () => {
    const ran = await homefirst([
      'remap',
      '--from-raw',
      '--source',
      'hl7v2',
      '--dry-run',
      '--json',
      '--no-progress',
    ]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({
      source: 'hl7v2',
      dryRun: true,
      rawRecords: 1,
      refused: 1,
      published: 0,
    });
  }, 60_000);
});
