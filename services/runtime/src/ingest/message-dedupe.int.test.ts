import { once } from 'node:events';
import { deleteRedisKeys, startThrowawayRedis, uniqueName, type ThrowawayRedis } from '@homefirst/testing';
import type { Redis } from 'ioredis';
import { loadConfig } from '../config';
import { connectRedis, createRedis, RECONNECT_GRACE_MS } from '../redis';
import { MessageDedupe } from './message-dedupe';

// The resend check across a dropped Redis connection. With the offline queue off, a command sent while
// ioredis reconnects used to fail at once, and a connector then wrote the resent message a second time
// (seen in the HL7 Kafka-outage test when `stack up` reloaded Redis's ACL table, which closes every client).

const config = loadConfig(process.env);

describe('MessageDedupe across a dropped connection (real Redis)', () => {
  const keyPrefix = `${uniqueName('dedupe-blip')}:`;
  let redis: Redis;
  let operator: Redis;

  beforeAll(async () => {
    redis = createRedis(config, { keyPrefix });
    await connectRedis(redis);
    operator = createRedis(config);
    await connectRedis(operator);
  });

  afterAll(async () => {
    await deleteRedisKeys(operator, keyPrefix);
    redis.disconnect();
    operator.disconnect();
  });

  /** Closes the client's connection from the server's side (as ACL LOAD or a restart would) and waits until it knows. */
  async function dropConnection(): Promise<void> {
    const id = Number(await redis.client('ID'));
    const closed = once(redis, 'close');
    await operator.client('KILL', 'ID', String(id));
    await closed;
    expect(redis.status).not.toBe('ready');
  }

  it('given a remembered message, when the connection has just dropped, then the resend check still says seen', async () => {
    const dedupe = new MessageDedupe(redis, { namespace: 'test' });
    await dedupe.remember('RXN', 'MSG-1');
    await dropConnection();
    await expect(dedupe.seen('RXN', 'MSG-1')).resolves.toBe(true);
  });

  it('given a dropped connection, when a batch is checked and remembered, then both complete', async () => {
    const dedupe = new MessageDedupe(redis, { namespace: 'test' });
    await dropConnection();
    await expect(dedupe.seenAll([['C1', 'R1']])).resolves.toEqual([false]);
    await dropConnection();
    await dedupe.rememberAll([['C1', 'R1']]);
    await dropConnection();
    await dedupe.remember('C1', 'R2');
    await expect(
      dedupe.seenAll([
        ['C1', 'R1'],
        ['C1', 'R2'],
        ['C1', 'R3'],
      ]),
    ).resolves.toEqual([true, true, false]);
  });
});

describe('MessageDedupe when Redis is really gone (a throwaway server)', () => {
  let server: ThrowawayRedis;
  let redis: Redis;

  beforeAll(async () => {
    server = await startThrowawayRedis();
    redis = createRedis({ redis: { url: server.url } });
    await connectRedis(redis);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.kill();
  });

  it('given the server stopped, when the resend check runs, then it fails within the grace period instead of waiting on', async () => {
    const dedupe = new MessageDedupe(redis, { namespace: 'test' });
    await dedupe.remember('RXN', 'MSG-1');
    const closed = once(redis, 'close');
    await server.kill();
    await closed;
    const started = performance.now();
    await expect(dedupe.seen('RXN', 'MSG-1')).rejects.toThrow();
    // Bounded by the grace period, with room for a loaded machine; not a speed assertion.
    expect(performance.now() - started).toBeLessThan(RECONNECT_GRACE_MS * 5);
  });
});
