import { validate as validateOpenApi } from '@readme/openapi-parser';
import { queueEntryRecord, storedJson } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Principal } from './auth/principal';
import { registerReadRoutes } from './routes/read-models';
import { buildServer } from './server';
import { WARD_7_PLACE, awaitingPackageEntry } from './testing/queue-entry';
import { useReaderFixture } from './testing/reader-fixture';

// The 21+ day cohort over HTTP: `longDelay=true` is a documented, validated query parameter; the count and the
// list follow the caller's scope (a council sees only the people referred to it), and the list is audited.

const NOW = '2025-03-22T12:00:00Z';
const OURS = 'E08000012';
const THEIRS = 'E08000011';

/** DRD 1 Feb (49 days on 22 March) and 1 March (21 days): ours; 1 March theirs; 2 March (20 days) ours. */
const entries: readModels.QueueEntry[] = [
  ['a', '2025-02-01', OURS],
  ['b', '2025-03-01', OURS],
  ['c', '2025-03-01', THEIRS],
  ['d', '2025-03-02', OURS],
].map(([personKey = '', drd = '', council = OURS]) => ({
  ...awaitingPackageEntry(`${personKey}${'x'.repeat(20)}`, `${drd}T09:00:00.000Z`, WARD_7_PLACE),
  dischargeReadyDate: drd,
  council,
}));

/** What the tests read of a queue, facets or referrals answer. */
interface Body {
  readonly total?: number;
  readonly longDelayCount?: number;
  readonly items?: readonly { readonly personKey: string }[];
}

const principals: Record<string, Principal> = {
  'Bearer admin': { subject: 'admin-user', role: 'admin', org: null },
  'Bearer council': { subject: 'council-user', role: 'council', org: OURS },
};

describe('GET /api/v1/queue?longDelay=true', () => {
  const fixture = useReaderFixture('cohort-route');
  let app: FastifyInstance;
  const audited: string[][] = [];

  beforeAll(async () => {
    const multi = fixture.redis().multi();
    for (const entry of entries) {
      multi.hset(fixture.keys.queueEntry, entry.personKey, storedJson(queueEntryRecord, entry));
      for (const index of fixture.keys.queueIndexesOf(entry))
        multi.zadd(index, Date.parse(entry.readySince), entry.personKey);
      multi.zadd(fixture.keys.queueByDrd, readModels.drdDayNumber(entry.dischargeReadyDate), entry.personKey);
    }
    await multi.exec();
    app = await buildServer({
      logger: pino({ level: 'silent' }),
      rateLimitPerMinute: 10_000,
      verifyToken: (authorization) => {
        const principal = principals[authorization ?? ''];
        return principal === undefined
          ? Promise.reject(new Error('unknown test token'))
          : Promise.resolve(principal);
      },
    });
    registerReadRoutes(app, {
      reader: fixture.reader(),
      audit: (read) => {
        audited.push([...read.personKeys]);
        return Promise.resolve();
      },
      maxPageSize: 200,
    });
    address = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app?.close());
  let address = '';

  /** The API answers over real HTTP (light-my-request's inject cannot load its ESM cookie parser under jest). */
  const get = async (url: string, who: string): Promise<{ status: number; body: Body }> => {
    const res = await fetch(`${address}${url}${url.includes('?') ? '&' : '?'}now=${NOW}`, {
      headers: { authorization: `Bearer ${who}` },
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const keys = (body: Body) => (body.items ?? []).map((i) => i.personKey.charAt(0));

  it('given an admin, then the count is 3 and the list exactly the three people 21+ days past their DRD', async () => {
    const all = await get('/api/v1/queue?pageSize=10', 'admin');
    expect(all).toMatchObject({ status: 200, body: { total: 4, longDelayCount: 3 } });
    const cohort = await get('/api/v1/queue?pageSize=10&longDelay=true', 'admin');
    expect(cohort.status).toBe(200);
    expect(keys(cohort.body)).toEqual(['a', 'b', 'c']);
    expect(cohort.body).toMatchObject({ total: 3, longDelayCount: 3 });
    expect(cohort.body.items?.[1]).toMatchObject({
      dischargeReadyDate: '2025-03-01',
      excessBedDays: 21,
      longDelay: true,
    });
    expect(audited.at(-1)?.map((k) => k.charAt(0))).toEqual(['a', 'b', 'c']);
  });

  it('given a council, then only its own people: count 2, list a and b, in the queue, the facets and its referrals', async () => {
    const cohort = await get('/api/v1/queue?pageSize=10&longDelay=true', 'council');
    expect(keys(cohort.body)).toEqual(['a', 'b']);
    expect(cohort.body).toMatchObject({ total: 2, longDelayCount: 2 });
    const facets = await get('/api/v1/queue/facets?pathway=P1', 'council');
    expect(facets.body.longDelayCount).toBe(2);
    const referrals = await get('/api/v1/referrals?pageSize=10&longDelay=true', 'council');
    expect(keys(referrals.body)).toEqual(['a', 'b']);
    expect(referrals.body.longDelayCount).toBe(2);
    const other = await get(`/api/v1/queue?pageSize=10&longDelay=true&council=${THEIRS}`, 'council');
    expect(other.body).toMatchObject({ total: 0, items: [], longDelayCount: 0 });
  });

  it('a queue page (its body written from parts) is JSON with the security headers, as every answer', async () => {
    for (const path of ['/api/v1/queue?pageSize=10', '/api/v1/queue/facets']) {
      const res = await fetch(`${address}${path}&now=${NOW}`.replace('facets&', 'facets?'), {
        headers: { authorization: 'Bearer admin' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(Number(res.headers.get('content-length'))).toBe((await res.arrayBuffer()).byteLength);
    }
    const refused = await fetch(`${address}/api/v1/queue?longDelay=maybe`, {
      headers: { authorization: 'Bearer admin' },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('given a value that is not a boolean, then 400; the OpenAPI document names the parameter and the count, and is valid', async () => {
    expect((await get('/api/v1/queue?longDelay=maybe', 'admin')).status).toBe(400);
    const doc = (await (await fetch(`${address}/openapi.json`)).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    expect(doc.paths['/api/v1/queue']?.get.parameters.map((p) => p.name)).toContain('longDelay');
    expect(doc.paths['/api/v1/referrals']?.get.parameters.map((p) => p.name)).toContain('longDelay');
    expect(JSON.stringify(doc)).toContain('longDelayCount');
    expect(await validateOpenApi(structuredClone(doc) as never)).toMatchObject({ valid: true });
  });
});
