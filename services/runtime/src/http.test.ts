import { Writable } from 'node:stream';
import { startOpsServer, type OpsServer } from './http';
import { createLogger } from './logger';
import { createCounter } from './metrics';
import { groupJoined } from './readiness';

const silentLogger = createLogger(
  { name: 'ops-test', level: 'silent' },
  new Writable({ write: (_chunk, _encoding, done) => done() }),
);

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  checks: Parameters<typeof startOpsServer>[0]['checks'] = {},
  checkTimeoutMs = 200,
): Promise<string> {
  server = await startOpsServer({ port: 0, host: '127.0.0.1', logger: silentLogger, checks, checkTimeoutMs });
  return `http://127.0.0.1:${server.port}`;
}

describe('startOpsServer', () => {
  it('binds a free port when asked for 0', async () => {
    await start();
    expect(server?.port).toBeGreaterThan(0);
  });

  it('answers /healthz with 200', async () => {
    const response = await fetch(`${await start()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when every check passes', async () => {
    const base = await start({ kafka: () => Promise.resolve(), redis: () => Promise.resolve('PONG') });
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      checks: { kafka: { status: 'ok' }, redis: { status: 'ok' } },
    });
  });

  it('answers /readyz with 503 until the consumer group member is assigned its partitions, then 200', async () => {
    const member = { isJoined: false };
    const base = await start({ group: groupJoined(member) });
    const before = await fetch(`${base}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({
      checks: { group: { status: 'fail', error: 'not yet assigned partitions' } },
    });
    member.isJoined = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('answers /readyz with 503 naming the failing check and why', async () => {
    const base = await start({
      kafka: () => Promise.resolve(),
      redis: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:16379')),
    });
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'fail',
      checks: {
        kafka: { status: 'ok' },
        redis: { status: 'fail', error: 'connect ECONNREFUSED 127.0.0.1:16379' },
      },
    });
  });

  it('fails a check that does not answer in time and aborts it', async () => {
    let aborted = false;
    const hang = (signal: AbortSignal) =>
      new Promise<void>(() => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
      });
    const base = await start({ registry: hang }, 50);
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      checks: { registry: { status: 'fail', error: 'timed out after 50 ms' } },
    });
    expect(aborted).toBe(true);
  });

  it('serves Prometheus metrics: process defaults and custom counters', async () => {
    const ingested = createCounter({
      name: 'homefirst_test_ingested_total',
      help: 'test counter',
      labelNames: ['source'] as const,
    });
    ingested.inc({ source: 'hl7v2' }, 3);
    const response = await fetch(`${await start()}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const body = await response.text();
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('homefirst_test_ingested_total{source="hl7v2"} 3');
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    const base = await start();
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('closes even with a keep-alive connection open', async () => {
    const base = await start();
    await fetch(`${base}/healthz`, { headers: { connection: 'keep-alive' } });
    await server?.close();
    server = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
