import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type RedriveReport, type RemapSummary } from '@homefirst/runtime';
import { readModels, type HospitalEvent } from '@homefirst/schemas';
import { TopicReader } from '@homefirst/testing';
import { projectAll, readSnapshot, renderReadModels, type ProjectedEvent } from '@homefirst/projector';
import { loadHl7ToolConfig } from '../../connectors/hl7v2/src/config';
import { openHl7Ingest, type Hl7Ingest } from '../../connectors/hl7v2/src/connector';
import { acceptedAndRefusedAdmissions } from '../../connectors/hl7v2/src/testing/synthetic';
import { ProjectorStack } from '../../services/projector/src/testing/projector-stack';
import { codecFor } from '../../services/projector/src/testing/stack';
import { buildWorkspaces, messageLines, runHomefirst } from '../support/homefirst-cli';
import { startHubProcess, type HubProcess } from '../support/hub-process';

// `homefirst remap --from-raw` and `homefirst deadletters redrive` with a LIVE projector on the test's topics:
// HL7 messages go through the connector's live pipeline under a mapping that is wrong twice (the trust's local
// times read in America/New_York; 999 test NHS numbers refused), then the mapping is fixed and the commands
// run as people run them. After each, the live read model holds what the fix changed, and at the end it
// equals a rebuild (`homefirst replay rebuild`) and `homefirst project` over `homefirst export events`.

jest.setTimeout(300_000);

const stack = new ProjectorStack();
const root = `${stack.prefix.slice(0, -1)}:`;
const v1 = new readModels.ReadModelKeys(`${root}v1:`);
const v2 = new readModels.ReadModelKeys(`${root}v2:`);
const versions = new readModels.VersionKeys(root);
const connectorPrefix = `${root}hl7:`;
const env = stack.processEnv(v1, `${root}group`, { HOMEFIRST_LOG_LEVEL: 'warn' });

/** The HL7 mapping variables: the wrong zone first, 999 numbers refused until the policy is changed. */
const mapping = (acceptTestNumbers: boolean, zone: string): Record<string, string> => ({
  ...env,
  HOMEFIRST_REDIS_KEY_PREFIX: connectorPrefix,
  HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: String(acceptTestNumbers),
  HOMEFIRST_HL7_TIMEZONE: zone,
  HOMEFIRST_ACTOR: 'it-remap',
});
const WRONG_ZONE = 'America/New_York';
const ZONE = 'Europe/London';

/** PV1-44 of the corpus admission, 20250106092500 without an offset: 09:25 in London in January. */
const ADMITTED_LONDON = '2025-01-06T09:25:00.000Z';
const ADMITTED_NEW_YORK = '2025-01-06T14:25:00.000Z';
const NOW = new Date('2025-01-08T12:00:00Z');
const DOWN = { HOMEFIRST_KAFKA_BROKERS: '127.0.0.1:1' };

async function remap(acceptTestNumbers: boolean): Promise<RemapSummary> {
  const ran = await runHomefirst(
    ['remap', '--from-raw', '--source', 'hl7v2', '--json', '--no-progress'],
    mapping(acceptTestNumbers, ZONE),
  );
  expect({ code: ran.code, stderr: messageLines(ran.stderr) }).toEqual({ code: 0, stderr: [] });
  return JSON.parse(ran.stdout) as RemapSummary;
}

const projector: HubProcess[] = [];
let live: Hl7Ingest | undefined;
let reader: TopicReader;

const ofMessage = (messageId: string): HospitalEvent[] =>
  reader.hospitalEvents().filter((event) => event.source.messageId === messageId);
const personOf = (messageId: string): string => ofMessage(messageId)[0]?.personKey ?? '';

/** Waits until the live read model has projected everything on the person topics now. */
const caughtUp = (): Promise<void> =>
  stack.waitForProjection(v1, 120_000, () => projector.map((p) => p.output()).join('\n'));

/** The live read model's journey of a person, rendered. */
async function liveJourney(personKey: string): Promise<readModels.JourneyView | undefined> {
  const rendered = renderReadModels(await readSnapshot(stack.redis, v1), NOW);
  return rendered.journeys.find((journey) => journey.personKey === personKey);
}

/** Every key of a namespace with its value (Redis DUMP), to show a command left it untouched. */
async function dumpNamespace(namespace: string): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await stack.redis.scan(cursor, 'MATCH', `${namespace}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) dump.set(key, (await stack.redis.dumpBuffer(key))?.toString('base64') ?? '');
  } while (cursor !== '0');
  return new Map([...dump].sort(([a], [b]) => (a < b ? -1 : 1)));
}

beforeAll(async () => {
  buildWorkspaces(['services/projector', 'services/cli', 'connectors/hl7v2']);
  await stack.start();
  reader = new TopicReader(stack.kafka, codecFor(stack.config), stack.prefix);
  await reader.start(['homefirst.hospital.events.v1', 'homefirst.deadletter.v1']);
  projector.push(
    await startHubProcess(
      'projector',
      'services/projector/bin/homefirst-projector.js',
      ['run', '--no-sweep'],
      env,
    ),
  );
  live = await openHl7Ingest(
    { ...loadHl7ToolConfig({ ...process.env, ...mapping(false, WRONG_ZONE) }), transport: 'MLLP' },
    createLogger({ name: 'it-remap', level: 'silent' }),
  );
  // A: an issued NHS number (accepted, its local times read in the wrong zone); B and C: 999 numbers, refused.
  for (const message of acceptedAndRefusedAdmissions('LV'))
    await live.pipeline.handleFrame(Buffer.from(message, 'utf8'));
  await reader.until(
    'A accepted, B and C dead-lettered',
    () => ofMessage('LV-A').length > 0 && reader.deadLetters().length === 2,
  );
  await caughtUp();
}, 180_000);

afterAll(async () => {
  await live?.close();
  await reader?.stop();
  await Promise.all(projector.map((p) => p.stop()));
  await stack.redis.del(versions.alias, versions.rebuildLock, versions.rebuildState);
  await stack.stop([v1.namespace, v2.namespace, connectorPrefix]);
});

// First, while v1 is live and before any fix: nothing a refused command does reaches it.
describe('bad input with a live projector (real stack)', () => {
  it.each([
    ['an unknown projection', ['replay', 'rebuild', '--projection', 'nonsense'], {}],
    [
      'an export --from after --to',
      [
        'export',
        'events',
        '--format',
        'csv',
        '--from',
        '2025-02-01T00:00:00Z',
        '--to',
        '2025-01-01T00:00:00Z',
      ],
      {},
    ],
    [
      'an unreadable key file',
      ['export', 'events', '--format', 'csv', '--pseudonymise', '--pseudonym-key-file', '/nonexistent/k'],
      {},
    ],
    [
      'a deadletters --from after --to',
      ['deadletters', 'list', '--from', '2025-02-01', '--to', '2025-01-01'],
      {},
    ],
  ])(
    'given %s, then one clear line, exit 1, no stack trace, and the live read model untouched',
    (_what, args, extra) => refused(args, extra),
  );

  // Each waits out kafkajs's connection retries (about 5 s) and only reads the live model: run together.
  it.concurrent.each([
    ['rebuild', ['replay', 'rebuild']],
    ['export', ['export', 'events', '--format', 'ndjson']],
    ['asof', ['replay', 'asof', '2025-01-07T00:00:00Z']],
    ['remap', ['remap', '--from-raw', '--source', 'hl7v2', '--no-progress']],
    ['deadletters list', ['deadletters', 'list']],
    ['deadletters redrive', ['deadletters', 'redrive', 'some-id']],
  ])(
    'given a broker that is down: %s, then one clear line, exit 1, no stack trace, and the live read model untouched',
    (_what, args) => refused(args, DOWN),
  );
});

/** The command refused: one clear line, exit 1, no stack trace, and the live read model untouched. */
async function refused(args: string[], extra: Record<string, string>): Promise<void> {
  const before = await dumpNamespace(v1.namespace);
  expect(before.size).toBeGreaterThan(0);
  const dir = mkdtempSync(join(tmpdir(), 'it-remap-bad-'));
  try {
    const out = args[0] === 'export' ? ['--out', join(dir, 'x')] : [];
    const ran = await runHomefirst([...args, ...out], { ...mapping(true, ZONE), ...extra });
    expect(ran.code).toBe(1);
    expect(messageLines(ran.stderr)).toEqual([expect.stringMatching(/^homefirst(-[a-z0-9]+)?: /)]);
    expect(`${ran.stdout}${ran.stderr}`.split('\n').some((l) => l.trimStart().startsWith('at '))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(await dumpNamespace(v1.namespace)).toEqual(before);
  expect(await stack.redis.exists(versions.alias, versions.rebuildLock, versions.rebuildState)).toBe(0);
}

describe('remap and redrive with a live projector (real stack)', () => {
  it('given events published under the wrong time zone, when remapped with the zone fixed, then only they are republished (same eventId, new content, later recordedAt), the live read model shows the new version, and a second remap publishes nothing', async () => {
    // The admission and its expected discharge date (PV2-8), both at the admission time read in New York.
    const before = ofMessage('LV-A');
    expect(before.map((e) => [e.type, e.occurredAt.toISOString()])).toEqual([
      ['PatientAdmitted', ADMITTED_NEW_YORK],
      ['ExpectedDischargeDateSet', ADMITTED_NEW_YORK],
    ]);
    expect((await liveJourney(personOf('LV-A')))?.events.map((e) => e.at)).toEqual([
      ADMITTED_NEW_YORK,
      ADMITTED_NEW_YORK,
    ]);

    const fixed = await remap(false);
    expect(fixed).toMatchObject({ rawRecords: 3, refused: 2, published: before.length });
    for (const type of ['PatientAdmitted', 'ExpectedDischargeDateSet'])
      expect([type, fixed.byType[type]]).toEqual([type, expect.objectContaining({ new: 0, changed: 1 })]);
    await reader.until('the corrected events', () => ofMessage('LV-A').length === 2 * before.length);
    const corrected = ofMessage('LV-A').slice(before.length);
    expect(corrected.map((e) => [e.eventId, e.occurredAt.toISOString()])).toEqual(
      before.map((e) => [e.eventId, ADMITTED_LONDON]),
    );
    for (const [i, event] of corrected.entries())
      expect(event.recordedAt.getTime()).toBeGreaterThan(before[i]?.recordedAt.getTime() ?? Infinity);

    await caughtUp();
    expect((await liveJourney(personOf('LV-A')))?.events.map((e) => e.at)).toEqual([
      ADMITTED_LONDON,
      ADMITTED_LONDON,
    ]);
    expect(await readSnapshot(stack.redis, v1)).toEqual(
      projectAll(reader.hospitalEvents() as ProjectedEvent[]),
    );

    expect(await remap(false)).toMatchObject({ published: 0 });
  });

  it('given a dead letter refused for a 999 NHS number, when redriven with test numbers accepted, then its person appears in the live read model, and a second redrive is refused', async () => {
    const refusedC = reader.deadLetters().find((letter) => letter.source.messageId === 'LV-C');
    const id = refusedC?.eventId ?? '';
    expect(id).not.toBe('');
    const first = await runHomefirst(['deadletters', 'redrive', id, '--json'], mapping(true, ZONE));
    expect({ code: first.code, stderr: messageLines(first.stderr) }).toEqual({ code: 0, stderr: [] });
    const [report] = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RedriveReport);
    expect(report).toMatchObject({ deadLetterEventId: id, outcome: 'accepted' });
    await reader.until('C events on the hospital topic', () => ofMessage('LV-C').length === report?.events);

    await caughtUp();
    const journey = await liveJourney(personOf('LV-C'));
    expect(journey?.events.map((e) => e.eventId)).toEqual(ofMessage('LV-C').map((e) => e.eventId));

    const second = await runHomefirst(['deadletters', 'redrive', id], mapping(true, ZONE));
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(
      new RegExp(`^${id} {2}already-redriven: already redriven at .* by it-remap`),
    );
    expect(second.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('given the NHS number policy changed, when remapped, then only the once-refused events are published, the live read model equals a rebuild and `homefirst project` over an export, and a second remap publishes nothing', async () => {
    const changed = await remap(true);
    // A is unchanged since the first test; C's raw records map to the events its redrive wrote; B is new.
    expect(Object.values(changed.byType).every((counts) => counts.changed === 0)).toBe(true);
    expect(changed.byType.PatientAdmitted).toMatchObject({ new: 1 });
    const published = changed.published;
    expect(published).toBe(Object.values(changed.byType).reduce((n, counts) => n + counts.new, 0));
    await reader.until('B events on the hospital topic', () => ofMessage('LV-B').length === published);
    expect(ofMessage('LV-C').length).toBe(published); // C, redriven above, had the same two events
    expect(await remap(true)).toMatchObject({ published: 0 });

    await caughtUp();
    const liveSnapshot = await readSnapshot(stack.redis, v1);
    expect(liveSnapshot.journeys.map((j) => j.personKey).sort()).toEqual(
      [personOf('LV-A'), personOf('LV-B'), personOf('LV-C')].sort(),
    );

    // `homefirst project` over `homefirst export events --format ndjson` of the topics.
    const dir = mkdtempSync(join(tmpdir(), 'it-remap-'));
    try {
      const file = join(dir, 'events.ndjson');
      const exported = await runHomefirst(['export', 'events', '--format', 'ndjson', '--out', file], {
        ...env,
        HOMEFIRST_ACTOR: 'it-remap',
      });
      expect({ code: exported.code, stderr: messageLines(exported.stderr) }).toMatchObject({ code: 0 });
      const projected = await runHomefirst(['project', file, '--now', NOW.toISOString()], {});
      expect(projected.code).toBe(0);
      const { input: _input, ...fromExport } = JSON.parse(projected.stdout) as Record<string, unknown>;
      expect(JSON.parse(JSON.stringify(renderReadModels(liveSnapshot, NOW)))).toEqual(fromExport);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A rebuild from the earliest offset into v2 equals the live v1 it replaces.
    const rebuild = await runHomefirst(['replay', 'rebuild', '--grace-seconds', '0', '--json'], env);
    expect({ code: rebuild.code, stderr: messageLines(rebuild.stderr) }).toEqual({ code: 0, stderr: [] });
    expect(JSON.parse(rebuild.stdout)).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(await readSnapshot(stack.redis, v2)).toEqual(liveSnapshot);
  });
});
