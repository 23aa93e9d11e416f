import type { RedriveReport, RemapSummary } from '@homefirst/runtime';
import type { HospitalEvent } from '@homefirst/schemas';
import { TopicReader } from '@homefirst/testing';
import { runCli, type CliIo } from '../main';
import { generatedAdmission } from '../testing/corpus';
import { SECRET } from '../testing/corpus';
import { startHarness, type Harness } from '../testing/stack-harness';

// `homefirst-fhir remap` and `redrive` on the real stack: Encounters are POSTed to the live endpoint with 999
// test NHS numbers refused, then the commands run with HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS=true — the real,
// configurable mapping change — and what Kafka holds is read back.

let hub: Harness;
let reader: TopicReader;
const ISSUED_NHS_NUMBER = '4010232137';

const env = (): Record<string, string | undefined> => ({
  ...process.env,
  HOMEFIRST_TOPIC_PREFIX: hub.prefix,
  HOMEFIRST_FHIR_REDIS_PREFIX: hub.redisPrefix,
  HOMEFIRST_PERSON_KEY_SECRET: SECRET,
  HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: 'true',
  HOMEFIRST_ACTOR: 'fhir-data-team-test',
});

async function command(
  args: readonly string[],
): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), env: env() };
  const code = await runCli(['node', 'homefirst-fhir', ...args], io);
  return { out, err, code };
}

const ofSpell = (spellId: string): HospitalEvent[] =>
  reader.hospitalEvents().filter((event) => (event.payload as { spellId?: string }).spellId === spellId);

const post = async (index: number, nhsNumber: string): Promise<number> =>
  (
    await hub.send(
      'POST',
      '/Encounter',
      JSON.stringify(generatedAdmission(index, nhsNumber, '2026-12-01T09:00:00Z', 'identifier')),
    )
  ).status;

beforeAll(async () => {
  hub = await startHarness({ acceptTestNumbers: false });
  reader = new TopicReader(hub.kafka, hub.codec, hub.prefix);
  await reader.start([
    'homefirst.hospital.events.v1',
    'homefirst.raw.v1',
    'homefirst.deadletter.v1',
    'homefirst.audit.v1',
  ]);
  expect(await post(1, ISSUED_NHS_NUMBER)).toBe(201);
  expect(await post(2, '9991242481')).toBe(422);
  expect(await post(3, '9991250409')).toBe(422);
  await reader.until(
    'A accepted, B and C dead-lettered',
    () => ofSpell('RXN-SP-00001').length > 0 && reader.deadLetters().length === 2,
  );
}, 60_000);

afterAll(async () => {
  await reader?.stop();
  await hub?.close();
});

it('redrives a dead letter refused for a 999 NHS number once the policy accepts it, audits it, and refuses a second redrive', async () => {
  const refused = reader
    .deadLetters()
    .find((letter) => letter.payload.input.toString('utf8').includes('RXN-SP-00003'));
  const id = refused?.eventId ?? '';
  const first = await command(['redrive', id, '--json']);
  expect(first.err).toBe('');
  const report = JSON.parse(first.out) as RedriveReport;
  expect(report).toMatchObject({ deadLetterEventId: id, outcome: 'accepted' });
  expect(first.code).toBe(0);
  await reader.until(
    'C admitted',
    () => ofSpell('RXN-SP-00003').length === report.events && report.events > 0,
  );
  await reader.until('the redrive audited', () =>
    reader.audits().some((a) => a.type === 'DeadLetterRedriven' && a.payload.deadLetterEventId === id),
  );

  const second = await command(['redrive', id]);
  expect(second.code).toBe(1);
  expect(second.out).toContain(`${id}  already-redriven: already redriven at`);
}, 60_000);

it('remaps: only the events of the Encounter once refused are published, and nothing the second time', async () => {
  const remap = async (): Promise<RemapSummary> => {
    const { out, code, err } = await command(['remap', '--json', '--no-progress']);
    expect(err).toBe('');
    expect(code).toBe(0);
    return JSON.parse(out) as RemapSummary;
  };
  const first = await remap();
  expect(first.byType.PatientAdmitted).toMatchObject({ new: 1, changed: 0 });
  expect(first.published).toBeGreaterThan(0);
  await reader.until('B admitted', () => ofSpell('RXN-SP-00002').length === first.published);
  const again = await remap();
  expect(again.published).toBe(0);
}, 60_000);
