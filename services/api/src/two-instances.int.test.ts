import { createRedis, loadConfig, queueEntryRecord, storedJson } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { connectedRedis, waitFor } from '@homefirst/testing';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { RedisReadModelReader } from './redis-reader';
import { testApiToken } from './testing/api-token';
import { startTestApi } from './testing/test-api';
import { awaitingPackageEntry, WARD_7_PLACE } from './testing/queue-entry';
import { useReaderFixture } from './testing/reader-fixture';

// The API scales out behind a load balancer: two instances, each with its own Redis connections, over the
// same read models give the same answers, and each serves the live event stream (every instance hears the
// projector's change notice, whichever instance a board is connected to).

const NOW = new Date('2025-01-10T12:00:00Z');
const config = loadConfig(process.env);

/** One API instance: its own Redis connections, the read routes and the live stream, on a free port. */
async function startInstance(
  name: string,
  namespace: string,
): Promise<{ redis: Redis; app: FastifyInstance; base: string }> {
  const redis = await connectedRedis(config);
  const reader = new RedisReadModelReader(
    redis,
    () => createRedis(config),
    namespace,
    readModels.DEFAULT_VIEW_CONFIG,
  );
  return { redis, ...(await startTestApi({ name, reader, clock: () => NOW, stream: true })) };
}

describe('two API instances behind the same Redis', () => {
  const fixture = useReaderFixture('two-api');
  const apps: FastifyInstance[] = [];
  const connections: Redis[] = [];
  const bases: string[] = [];

  const enqueue = async (personKey: string, readySince: string): Promise<void> => {
    const { keys } = fixture;
    const entry = awaitingPackageEntry(personKey, readySince, WARD_7_PLACE);
    await fixture
      .redis()
      .multi()
      .zadd(keys.queue, Date.parse(entry.readySince), personKey)
      .hset(keys.queueEntry, personKey, storedJson(queueEntryRecord, entry))
      .exec();
  };

  beforeAll(async () => {
    for (let i = 0; i < 12; i += 1)
      await enqueue(`twoApiPerson${String(i).padStart(10, '0')}`, `2025-01-0${1 + (i % 8)}T09:30:00.000Z`);
    for (const name of ['api-a', 'api-b']) {
      const instance = await startInstance(name, fixture.keys.namespace);
      connections.push(instance.redis);
      apps.push(instance.app);
      bases.push(instance.base);
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const redis of connections) redis.disconnect();
  });

  const get = async (base: string, path: string, token: string): Promise<unknown> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.json();
  };

  it('given the same read models, then both answer every read the same, and both see a change at once', async () => {
    const token = await testApiToken({ role: 'admin', subject: 'two-api-admin' });
    for (const path of ['/api/v1/queue?pageSize=50', '/api/v1/queue?pageSize=5&page=2', '/api/v1/kpis']) {
      const [a, b] = await Promise.all(bases.map((base) => get(base, path, token)));
      expect(b).toEqual(a);
    }
    const [first] = bases;
    if (first === undefined) throw new Error('two instances expected');
    expect(((await get(first, '/api/v1/queue?pageSize=50', token)) as { total: number }).total).toBe(12);

    // A person joins the queue (written once, as the projector does): each instance answers with them.
    await enqueue('twoApiPersonLate000000', '2025-01-09T10:00:00.000Z');
    for (const base of bases)
      expect(((await get(base, '/api/v1/queue?pageSize=50', token)) as { total: number }).total).toBe(13);
  });

  it('given a board on each instance, when the projector announces a change, then both streams carry it', async () => {
    const token = await testApiToken({ role: 'admin', subject: 'two-api-board' });
    const aborts = bases.map(() => new AbortController());
    const received = bases.map(() => '');
    try {
      const streams = await Promise.all(
        bases.map((base, i) =>
          fetch(`${base}/api/v1/stream`, {
            headers: { authorization: `Bearer ${token}` },
            signal: aborts[i]?.signal ?? null,
          }),
        ),
      );
      streams.forEach((res, i) => {
        expect(res.status).toBe(200);
        const body = res.body;
        if (body === null) throw new Error('the stream has no body');
        void (async () => {
          const decoder = new TextDecoder();
          try {
            for await (const chunk of body)
              received[i] += decoder.decode(chunk as Uint8Array, { stream: true });
          } catch {
            // aborted at the end of the test
          }
        })();
      });
      await waitFor('both streams ready', () =>
        received.every((text) => text.includes('event: ready')) ? true : undefined,
      );
      // Each instance has subscribed once its ready event is out; announce until both have heard one.
      await waitFor(
        'a change on both streams',
        async () => {
          await fixture.redis().publish(fixture.keys.changes, '1');
          return received.every((text) => text.includes('event: change')) ? true : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 200 },
      );
    } finally {
      for (const abort of aborts) abort.abort();
    }
  });
});
