import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCodec, createLogger, type RemapSummary, type RedriveReport } from '@homefirst/runtime';
import { type HospitalEvent } from '@homefirst/schemas';
import { HubStack, TopicReader, uniqueName } from '@homefirst/testing';
import { loadHl7ToolConfig } from '../config';
import { openHl7Ingest, type Hl7Ingest } from '../connector';
import { run, type CommandIo } from '../main';
import { acceptedAndRefusedAdmissions } from '../testing/synthetic';

// `homefirst-hl7v2 remap` and `redrive` on the real stack: messages go through the live pipeline with 999 test
// NHS numbers refused (HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS=false), then the commands run with the policy
// changed — the real, configurable mapping change — and what Kafka holds is read back.

const stack = new HubStack('hl7dt');
const redisPrefix = `${uniqueName('hl7dt')}:`;
const env = (acceptTestNumbers: boolean): Record<string, string | undefined> => ({
  ...process.env,
  HOMEFIRST_TOPIC_PREFIX: stack.prefix,
  HOMEFIRST_REDIS_KEY_PREFIX: redisPrefix,
  HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: String(acceptTestNumbers),
  HOMEFIRST_ACTOR: 'data-team-test',
});

let live: Hl7Ingest;
let reader: TopicReader;

/** Runs the connector's command line; its stdout and exit code. */
async function command(
  args: readonly string[],
  acceptTestNumbers: boolean,
): Promise<{ out: string; code: number }> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: env(acceptTestNumbers),
  };
  const before = process.exitCode;
  await run(['node', 'homefirst-hl7v2', ...args], io);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  if (err.includes('Error:') || err.includes('    at ')) throw new Error(`stack trace on stderr: ${err}`);
  return { out, code };
}

const remap = async (acceptTestNumbers: boolean, ...flags: string[]): Promise<RemapSummary> => {
  const { out, code } = await command(['remap', '--json', '--no-progress', ...flags], acceptTestNumbers);
  expect(code).toBe(0);
  return JSON.parse(out) as RemapSummary;
};

const ofMessage = (messageId: string): HospitalEvent[] =>
  reader.hospitalEvents().filter((event) => event.source.messageId === messageId);

beforeAll(async () => {
  await stack.start();
  live = await openHl7Ingest(
    { ...loadHl7ToolConfig(env(false)), transport: 'MLLP' },
    createLogger({ name: 'hl7dt', level: 'silent' }),
  );
  const codec = createCodec(stack.config, stack.prefix);
  reader = new TopicReader(stack.kafka, codec, stack.prefix);
  await reader.start([
    'homefirst.hospital.events.v1',
    'homefirst.raw.v1',
    'homefirst.deadletter.v1',
    'homefirst.audit.v1',
  ]);
  // A: an issued NHS number (accepted); B and C: 999 test numbers, refused under this policy.
  for (const message of acceptedAndRefusedAdmissions('DT'))
    await live.pipeline.handleFrame(Buffer.from(message, 'utf8'));
  await reader.until(
    'A accepted, B and C dead-lettered',
    () => ofMessage('DT-A').length > 0 && reader.deadLetters().length === 2,
  );
}, 60_000);

afterAll(async () => {
  await reader?.stop();
  await live?.close();
  await stack.stop([redisPrefix]);
});

describe('redrive', () => {
  it('given a dead letter refused for a 999 NHS number, when redriven with test numbers accepted, then its events are written, it is audited, and a second redrive is refused', async () => {
    const refusedC = reader.deadLetters().find((letter) => letter.source.messageId === 'DT-C');
    expect(refusedC).toBeDefined();
    const id = refusedC?.eventId ?? '';

    const first = await command(['redrive', id, '--json'], true);
    const [report] = first.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RedriveReport);
    expect(report).toMatchObject({ deadLetterEventId: id, outcome: 'accepted' });
    expect(report?.events).toBeGreaterThan(0);
    expect(first.code).toBe(0);
    await reader.until('C events on the hospital topic', () => ofMessage('DT-C').length === report?.events);
    await reader.until('the redrive audited', () =>
      reader.audits().some((a) => a.type === 'DeadLetterRedriven' && a.payload.deadLetterEventId === id),
    );
    const audit = reader.audits().find((a) => a.type === 'DeadLetterRedriven');
    expect(audit?.payload).toMatchObject({ actorId: 'data-team-test', outcome: 'ACCEPTED', detail: null });

    // The projector, offline (`homefirst project`, run as a command: connectors never import it), over the
    // events on the topic: the redriven person's journey is in the read model.
    const dir = mkdtempSync(join(tmpdir(), 'hl7dt-'));
    try {
      const file = join(dir, 'events.ndjson');
      writeFileSync(
        file,
        reader
          .hospitalEvents()
          .map((event) => `${JSON.stringify(event)}\n`)
          .join(''),
      );
      const cli = join(__dirname, '..', '..', '..', '..', 'services', 'cli', 'bin', 'homefirst.js');
      const projected = JSON.parse(
        execFileSync(process.execPath, [cli, 'project', file], { encoding: 'utf8' }),
      ) as { journeys: { personKey: string; events: { eventId: string }[] }[] };
      const personKey = ofMessage('DT-C')[0]?.personKey;
      const journey = projected.journeys.find((j) => j.personKey === personKey);
      expect(journey?.events.map((e) => e.eventId).sort()).toEqual(
        ofMessage('DT-C')
          .map((e) => e.eventId)
          .sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const second = await command(['redrive', id], true);
    expect(second.code).toBe(1);
    expect(second.out).toMatch(
      new RegExp(
        `^${id}  already-redriven: already redriven at .* by data-team-test \\(accepted\\); not redriven again — --force`,
      ),
    );
  }, 60_000);

  it('given an id that is not a dead letter, then it is reported not-found and the exit code is 1', async () => {
    const { out, code } = await command(['redrive', 'no-such-dead-letter'], true);
    expect(code).toBe(1);
    expect(out).toContain('no-such-dead-letter  not-found');
  }, 60_000);
});

describe('remap', () => {
  it('given the policy unchanged, then nothing is published; with test numbers accepted, only the events of the message once refused are; and a second run publishes nothing', async () => {
    const same = await remap(false);
    // A maps; B, C and C's redriven copy (its second raw record) are refused under this policy.
    expect(same).toMatchObject({ source: 'hl7v2', rawRecords: 4, published: 0, refused: 3 });
    expect(same.byType.PatientAdmitted).toMatchObject({ new: 0, changed: 0 });
    expect(same.byType.PatientAdmitted?.unchanged).toBeGreaterThan(0);

    const dry = await remap(true, '--dry-run');
    const bEvents = dry.byType.PatientAdmitted?.new ?? 0;
    expect(bEvents).toBe(1); // B's admission: A's is on the topic already, C's was redriven above
    expect(dry.published).toBe(0);
    // C's original raw record maps to the events its redrive wrote (unchanged); its second copy repeats them.
    expect(dry.byType.PatientAdmitted).toMatchObject({ unchanged: 2, repeated: 1 });

    const before = ofMessage('DT-B').length;
    expect(before).toBe(0);
    const changed = await remap(true);
    const published = changed.published;
    expect(published).toBe(Object.values(changed.byType).reduce((n, c) => n + c.new + c.changed, 0));
    expect(published).toBeGreaterThan(0);
    await reader.until('B events on the hospital topic', () => ofMessage('DT-B').length === published);

    const again = await remap(true);
    expect(again.published).toBe(0);
    expect(Object.values(again.byType).every((c) => c.new === 0 && c.changed === 0)).toBe(true);
  }, 120_000);

  it('given a bad --from, then one clear line and exit 1', async () => {
    let err = '';
    const io: CommandIo = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (err += text) },
      env: env(true),
    };
    const before = process.exitCode;
    await run(['node', 'homefirst-hl7v2', 'remap', '--from', 'yesterday-ish'], io);
    expect(process.exitCode).toBe(1);
    process.exitCode = before;
    expect(err.trim().split('\n')).toEqual([
      'homefirst-hl7v2: --from: not a time: "yesterday-ish" (ISO 8601, e.g. 2026-12-01 or 2026-12-01T09:00:00Z)',
    ]);
  });
});
