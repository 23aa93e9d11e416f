import { createLogger, UnavailableError } from '@homefirst/runtime';
import { BUILT_IN_MAPPINGS_DIR, loadNamedMapping } from '../mapping-files/load';
import { MAX_JSON_DEPTH } from '../pipeline/json-body';
import { NHS, margaretJourney } from '../testing/corpus';
import { memoryIngest } from '../testing/memory';
import { buildRecordsApp, RECORD_FORMAT_PATH, RECORDS_PATH } from './server';

const LIVERPOOL_TOKEN = 'liverpool-token-0123456789';
const SEFTON_TOKEN = 'sefton-token-0123456789ab';
const [referral, scheduled] = margaretJourney;

/** A real listening server and fetch: jest cannot load fastify.inject's ESM-only `cookie` dependency. */
interface Reply {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  json<T = Record<string, unknown>>(): T;
}

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function request(
  base: Promise<string>,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  const response = await fetch(`${await base}${url}`, {
    method,
    headers,
    ...(body !== undefined && { body }),
  });
  const text = await response.text();
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    json: <T>() => JSON.parse(text) as T,
  };
}

function app() {
  const memory = memoryIngest();
  const server = buildRecordsApp({
    ingest: memory.ingest,
    tokens: new Map([
      [LIVERPOOL_TOKEN, 'E08000012'],
      [SEFTON_TOKEN, 'E08000014'],
    ]),
    maxRecordsPerRequest: 3,
    mappingByName: (name) => loadNamedMapping(name, [BUILT_IN_MAPPINGS_DIR]),
    logger: createLogger({ name: 'council-test', level: 'silent' }),
  });
  servers.push(server);
  const base = server.listen({ port: 0, host: '127.0.0.1' });
  const post = (
    body: unknown,
    token: string | null = LIVERPOOL_TOKEN,
    extra: { url?: string; contentType?: string } = {},
  ) =>
    request(
      base,
      'POST',
      extra.url ?? RECORDS_PATH,
      {
        'content-type': extra.contentType ?? 'application/json',
        ...(token !== null && { authorization: `Bearer ${token}` }),
      },
      typeof body === 'string' ? body : JSON.stringify(body),
    );
  const get = (url: string) => request(base, 'GET', url);
  return { server, post, get, ...memory };
}

describe('POST /council/v1/records: results, dead letters and duplicates', () => {
  it('given one good record, then 200 with its eventId, only after the write (raw + event)', async () => {
    const { post, publisher } = app();
    const response = await post(referral);
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      accepted: number;
      results: { status: string; eventId: string; type: string }[];
    }>();
    expect(body.accepted).toBe(1);
    expect(body.results).toEqual([
      expect.objectContaining({
        index: 0,
        recordId: 'LAS-778812-1',
        status: 'accepted',
        type: 'ReferralReceived',
      }),
    ]);
    expect(publisher.events.map((e) => e.eventId)).toEqual([body.results[0]?.eventId]);
    expect(publisher.raws[0]?.payload.body.toString()).toBe(JSON.stringify(referral));
    expect(response.headers['x-correlation-id']).toBe(publisher.events[0]?.correlationId);
  });

  it('given good and bad records, then 200 with per-record results; the bad one is dead-lettered with reasons', async () => {
    const { post, publisher } = app();
    const response = await post({
      records: [referral, { ...scheduled, nhsNumber: NHS.badCheckDigit, occurredAt: 'yesterday' }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'accepted' },
        {
          index: 1,
          status: 'rejected',
          stage: 'VALIDATE',
          errorCode: 'COUNCIL_RECORD_INVALID',
          errors: [
            { field: 'nhsNumber', message: expect.stringContaining('modulus-11') as unknown },
            { field: 'occurredAt', message: expect.stringContaining('ISO 8601') as unknown },
          ],
        },
      ],
    });
    expect(publisher.deadLetters).toHaveLength(1);
  });

  it('given the same record again, then 200 duplicate and nothing new is written', async () => {
    const { post, publisher } = app();
    await post([referral]);
    const again = await post([referral]);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, results: [{ status: 'duplicate' }] });
    expect(publisher.events).toHaveLength(1);
  });

  it('given every record rejected, then 422 problem+json with the results', async () => {
    const { post } = app();
    const response = await post([{ ...referral, event: 'case_note' }]);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      status: 422,
      code: 'COUNCIL_RECORDS_REJECTED',
      results: [{ status: 'rejected' }],
    });
  });
});

describe('POST /council/v1/records: authorisation, outages, mappings and the record format', () => {
  it('given no token or a wrong token, then 401 with WWW-Authenticate, and nothing is written', async () => {
    const { post, publisher } = app();
    for (const token of [null, 'not-a-real-token-at-all']) {
      const response = await post(referral, token);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toContain('Bearer');
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(publisher.calls).toBe(0);
  });

  it("given Sefton's token and a Liverpool record, then 403 and nothing is written", async () => {
    const { post, publisher } = app();
    const response = await post([referral], SEFTON_TOKEN);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: 'FORBIDDEN',
      detail: expect.stringContaining('E08000014') as unknown,
    });
    expect(publisher.calls).toBe(0);
  });

  it('given Kafka cannot take the write, then 503 retriable with Retry-After, and the record is not remembered', async () => {
    const { post, publisher, dedupe } = app();
    publisher.failOn = {
      call: 1,
      error: new UnavailableError('Kafka did not acknowledge the write', { dependency: 'kafka' }),
    };
    const response = await post(referral);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ retriable: true, code: 'UNAVAILABLE' });
    expect(dedupe.remembered.size).toBe(0);
    expect((await post(referral)).statusCode).toBe(200);
  });

  it.each([
    ['not JSON', '{"recordId":', 'application/json', 400, 'VALIDATION_FAILED'],
    ['a JSON string', '"hello"', 'application/json', 400, 'VALIDATION_FAILED'],
    ['an empty list', '[]', 'application/json', 400, 'VALIDATION_FAILED'],
    ['CSV', 'a,b', 'text/csv', 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'],
    [
      'JSON nested 100,000 deep',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      'application/json',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'too many records',
      JSON.stringify([referral, referral, referral, referral]),
      'application/json',
      413,
      'TOO_MANY_RECORDS',
    ],
  ])(
    'given %s, then a problem+json with the right status',
    async (_what, body, contentType, status, code) => {
      const { post } = app();
      const response = await post(body, LIVERPOOL_TOKEN, { contentType });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status, code });
    },
  );

  it('given ?mapping=las, then a record in LAS field names is mapped first', async () => {
    const { post, publisher } = app();
    const response = await post(
      {
        'Step Audit ID': 'A-77',
        'LA Code': 'E08000012',
        'NHS No': NHS.margaret,
        'Referral ID': 'REF-LIV-0001',
        'Workflow Step': 'Referral Received',
        'Step Date': '06/06/2025 09:30',
      },
      LIVERPOOL_TOKEN,
      { url: `${RECORDS_PATH}?mapping=las` },
    );
    expect(response.statusCode).toBe(200);
    expect(publisher.events[0]).toMatchObject({
      type: 'ReferralReceived',
      occurredAt: new Date('2025-06-06T08:30:00Z'),
      source: { system: 'Liquidlogic LAS' },
    });
  });

  it('serves the record format as JSON Schema, and 404 problem elsewhere', async () => {
    const { get } = app();
    const schema = await get(RECORD_FORMAT_PATH);
    expect(schema.statusCode).toBe(200);
    expect(schema.json()).toMatchObject({ title: 'Homefirst council record' });
    const missing = await get('/council/v2/records');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('POST /council/v1/records: hostile input', () => {
  it('given JSON nested beyond the limit, then the problem names the limit and where', async () => {
    const { post, publisher } = app();
    const response = await post(`{"records":[${'['.repeat(MAX_JSON_DEPTH)}]}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`) as unknown,
      errors: [{ field: 'body', message: expect.stringContaining('line 1, column') as unknown }],
    });
    expect(publisher.batches).toHaveLength(0);
  });

  it('given a body after a UTF-8 byte-order mark, then it is read as without one', async () => {
    const { post, publisher } = app();
    const response = await post(`\uFEFF${JSON.stringify([referral])}`);
    expect(response.statusCode).toBe(200);
    expect(publisher.events).toHaveLength(1);
  });

  it('given ?mapping= a path or an unknown name, then 400 without reading it or echoing it', async () => {
    const { post } = app();
    for (const mapping of ['..%2F..%2Fpackage.json', '%2Fetc%2Fhostname', 'thompson']) {
      const response = await post([referral], LIVERPOOL_TOKEN, { url: `${RECORDS_PATH}?mapping=${mapping}` });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'mapping' }] });
      expect(JSON.stringify(response.json())).not.toMatch(/package|hostname|thompson/);
    }
  });

  it('given an unknown path, then 404 without echoing the path', async () => {
    const { get } = app();
    const missing = await get('/patients/9434765919');
    expect(missing.statusCode).toBe(404);
    expect(JSON.stringify(missing.json())).not.toContain('9434765919');
  });
});
