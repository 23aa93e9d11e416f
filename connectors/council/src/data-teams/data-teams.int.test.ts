import type { RedriveReport, RemapSummary } from '@homefirst/runtime';
import type { FastifyInstance } from 'fastify';
import { buildRecordsApp, RECORDS_PATH } from '../http/server';
import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../mapping-files/load';
import { NHS, margaretJourney } from '../testing/corpus';
import { startTestStack, type TestStack } from '../testing/stack';
import { startCouncilRuntime, type CouncilRuntime } from '../wiring';
import { redriveCommand, remapCommand } from './commands';

// `homefirst-council remap` and `redrive` on the real stack: records are POSTed to the live endpoint with
// 999 test NHS numbers refused, then the commands run with HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS=true — the
// real, configurable mapping change — and what Kafka holds is read back.

const TOKEN = 'liverpool-data-team-test-token-01';
const ISSUED_NHS_NUMBER = '4010232137';
let stack: TestStack;
let runtime: CouncilRuntime;
let app: FastifyInstance;

const post = async (record: object): Promise<Record<string, unknown>> => {
  const response = await fetch(`${app.listeningOrigin}${RECORDS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify([record]),
  });
  return (await response.json()) as Record<string, unknown>;
};

const referral = (recordId: string, nhsNumber: string, referralId: string): object => ({
  ...margaretJourney[0],
  recordId,
  nhsNumber,
  referralId,
});

const io = (): {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  text: () => string;
} => {
  let text = '';
  return {
    env: {
      ...stack.env,
      HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: 'true',
      HOMEFIRST_ACTOR: 'council-data-team-test',
    },
    out: (chunk) => void (text += chunk),
    text: () => text,
  };
};

beforeAll(async () => {
  stack = await startTestStack('council-dt', { HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS: 'false' });
  runtime = await startCouncilRuntime(stack.config, stack.logger);
  app = buildRecordsApp({
    ingest: runtime.ingest,
    tokens: new Map([[TOKEN, 'E08000012']]),
    maxRecordsPerRequest: 100,
    mappingByName: (name) => loadMapping(name, [BUILT_IN_MAPPINGS_DIR]),
    logger: stack.logger,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  expect(await post(referral('DT-A', ISSUED_NHS_NUMBER, 'REF-DT-A'))).toMatchObject({ accepted: 1 });
  expect(await post(referral('DT-B', NHS.arthur, 'REF-DT-B'))).toMatchObject({ rejected: 1 });
  expect(await post(referral('DT-C', NHS.doris, 'REF-DT-C'))).toMatchObject({ rejected: 1 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await stack?.teardown();
});

it('redrives a record refused for a 999 NHS number once the policy accepts it, and refuses a second redrive', async () => {
  const letters = await stack.readAll('homefirst.deadletter.v1');
  const id = letters.find((letter) => letter.event.source.messageId === 'DT-C')?.eventId ?? '';
  const first = io();
  expect(await redriveCommand([id], { json: true }, first)).toBe(0);
  expect(JSON.parse(first.text()) as RedriveReport).toMatchObject({
    deadLetterEventId: id,
    outcome: 'accepted',
    events: 1,
  });
  const events = await stack.readAll('homefirst.council.events.v1');
  expect(events.filter((e) => e.event.source.messageId === 'DT-C')).toHaveLength(1);
  const audits = await stack.readAll('homefirst.audit.v1');
  expect(audits.map((a) => a.event.payload)).toContainEqual(
    expect.objectContaining({
      deadLetterEventId: id,
      outcome: 'ACCEPTED',
      actorId: 'council-data-team-test',
    }),
  );

  const second = io();
  expect(await redriveCommand([id], {}, second)).toBe(1);
  expect(second.text()).toContain(`${id}  already-redriven: already redriven at`);
}, 60_000);

it('remaps: only the event of the record once refused is published, and nothing the second time', async () => {
  const remap = async (): Promise<RemapSummary> => {
    const run = io();
    expect(await remapCommand({ json: true, progress: false }, run)).toBe(0);
    return JSON.parse(run.text()) as RemapSummary;
  };
  const first = await remap();
  expect(first.byType.ReferralReceived).toMatchObject({ new: 1, changed: 0 });
  expect(first.published).toBe(1);
  const events = await stack.readAll('homefirst.council.events.v1');
  expect(events.filter((e) => e.event.source.messageId === 'DT-B')).toHaveLength(1);
  const again = await remap();
  expect(again.published).toBe(0);
}, 60_000);
