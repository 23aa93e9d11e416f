import { isValidNhsNumber } from '@homefirst/schemas';
import { NHS, kennethOutOfOrder, margaretJourney } from '../testing/corpus';
import { CouncilEdge } from '../testing/edge';
import type { TestStack } from '../testing/stack';
import { RECORDS_PATH } from './server';

// POST /council/v1/records end to end: the real Kafka, registry and Redis of the local stack.
const TOKEN = 'liverpool-stack-test-token-0001';

/** A BOM body goes in; a body nested beyond the limit, or too big for one Kafka message, is a 4xx that writes nothing. */
async function hostileBodies(postText: (body: string) => Promise<Response>, stack: TestStack): Promise<void> {
  const events = await stack.count('homefirst.council.events.v1');
  const withBom = await postText(`\uFEFF${JSON.stringify([{ ...margaretJourney[0], recordId: 'BOM-1' }])}`);
  expect(withBom.status).toBe(200);
  expect(await stack.count('homefirst.council.events.v1')).toBe(events + 1);

  const raws = await stack.count('homefirst.raw.v1');
  const deep = await postText(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
  expect(deep.status).toBe(400);
  expect([deep.headers.get('content-type'), await deep.json()]).toMatchObject([
    expect.stringContaining('application/problem+json'),
    { errors: [{ field: 'body' }] },
  ]);
  expect(await stack.count('homefirst.raw.v1')).toBe(raws);

  // Bigger than one Kafka message can hold (the body is the raw record): 413, not a 500 from Kafka.
  const big = await postText(JSON.stringify([{ ...margaretJourney[0], providerName: 'x'.repeat(2 ** 21) }]));
  expect(big.status).toBe(413);
  expect(await stack.count('homefirst.raw.v1')).toBe(raws);
}

describe('council REST endpoint on the real stack', () => {
  const edge = new CouncilEdge('council-rest', {
    tokens: new Map([
      [TOKEN, 'E08000012'],
      ['leeds-stack-test-token-000001', 'E08000035'],
    ]),
  });
  beforeAll(() => edge.start());
  afterAll(() => edge.stop());

  const postText = (body: string, token = TOKEN) =>
    fetch(`${edge.base}${RECORDS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
  const post = async (body: unknown, token = TOKEN) => {
    const response = await postText(JSON.stringify(body), token);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('given good and bad records, when posted, then 200 only once Kafka has the events, the dead letter and the raw body; a resend adds nothing', async () => {
    expect(isValidNhsNumber(NHS.margaret)).toBe(true);
    const bad = { ...margaretJourney[1], nhsNumber: NHS.badCheckDigit };
    const first = await post({ records: [...margaretJourney.slice(0, 4).filter((_, i) => i !== 1), bad] });

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, rejected: 1, duplicates: 0 });
    // 2xx came after the ack: everything is already readable, no waiting for it to land.
    expect(await edge.stack.count('homefirst.council.events.v1')).toBe(3);
    expect(await edge.stack.count('homefirst.deadletter.v1')).toBe(1);
    expect(await edge.stack.count('homefirst.raw.v1')).toBe(1);

    const events = await edge.stack.readAll('homefirst.council.events.v1');
    expect(events.map((e) => e.event.type).sort()).toEqual([
      'AssessmentCompleted',
      'PackageRequested',
      'ReferralReceived',
    ]);
    for (const { key, eventId, event } of events) {
      expect(key).toBe(event.personKey);
      expect(eventId).toBe(event.eventId);
      expect(event.source).toMatchObject({ channel: 'COUNCIL_API', orgCode: 'E08000012' });
    }
    // contract v3 through the registry: the council's person id, the spell the referral names, and the
    // route of access the connector derived (flagged as such)
    const received = events.find((e) => e.event.type === 'ReferralReceived')?.event;
    expect(received?.payload).toMatchObject({ councilPersonId: 'P100234', hospitalSpellId: 'V4412093' });
    expect(received?.dataQuality?.map((flag) => flag.code)).toEqual(['DERIVED_VALUE']);
    const [deadLetter] = await edge.stack.readAll('homefirst.deadletter.v1');
    expect(deadLetter?.key).toBe('E08000012');
    expect(deadLetter?.event.payload).toMatchObject({
      stage: 'VALIDATE',
      errorCode: 'COUNCIL_RECORD_INVALID',
      reason: 'nhsNumber: must be a valid NHS number (10 digits, modulus-11 check digit)',
    });
    expect(deadLetter?.event.payload.reason).not.toContain(NHS.badCheckDigit);
    const [raw] = await edge.stack.readAll('homefirst.raw.v1');
    expect(raw?.event.payload.transport).toBe('HTTP');
    expect(deadLetter?.event.payload.rawEventId).toBe(raw?.event.eventId);

    const again = await post({ records: margaretJourney.slice(0, 4).filter((_, i) => i !== 1) });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await edge.stack.count('homefirst.council.events.v1')).toBe(3);
  });

  it('given a package started before it was requested, then both are published and the later-arriving request is flagged', async () => {
    const leeds = 'leeds-stack-test-token-000001';
    const [started, requested] = kennethOutOfOrder;
    await post([started], leeds);
    const second = await post([requested], leeds);
    expect(second.body).toMatchObject({
      accepted: 1,
      results: [{ flags: ['PACKAGE_STARTED_BEFORE_PACKAGE_REQUESTED'] }],
    });
    const events = await edge.stack.readAll('homefirst.council.events.v1');
    const request = events.find((e) => e.event.source.messageId === 'LDS-2201-1');
    expect(request?.event.source.system).toBe('council-api');
    // read back from Kafka through the registry: the flag is in the envelope's dataQuality (v2)
    expect(request?.event.dataQuality?.map((flag) => [flag.code, flag.fields])).toEqual([
      ['STEP_OUT_OF_ORDER', ['package_started', 'package_requested']],
    ]);
  });

  it("given a Leeds record posted with Liverpool's token, then 403 and nothing is written", async () => {
    const before = await edge.stack.count('homefirst.raw.v1');
    const response = await post([kennethOutOfOrder[0]]);
    expect(response.status).toBe(403);
    expect(await edge.stack.count('homefirst.raw.v1')).toBe(before);
  });

  it('given a body after a byte-order mark, then its event is on Kafka; nested beyond the limit, then 400 and nothing written', () =>
    hostileBodies(postText, edge.stack));
});
