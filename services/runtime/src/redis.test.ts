import { capturingLogger } from './testing/captured-logs';
import { UnavailableError } from './errors';
import { connectRedis, createRedis } from './redis';

describe('createRedis', () => {
  it('does not connect until asked and applies the key prefix', () => {
    const redis = createRedis({ redis: { url: 'redis://127.0.0.1:1' } }, { keyPrefix: 'test-1:' });
    expect(redis.status).toBe('wait');
    expect(redis.options.keyPrefix).toBe('test-1:');
    expect(redis.options.maxRetriesPerRequest).toBe(2);
    redis.disconnect();
  });

  it('logs a run of connection errors once per interval, with a count, and when Redis is back', () => {
    const { logger, lines } = capturingLogger('redis-test', 'debug');
    const redis = createRedis({ redis: { url: 'redis://127.0.0.1:1' } }, { logger, commandTimeoutMs: 1_000 });
    expect(redis.options.commandTimeout).toBe(1_000);
    for (let i = 0; i < 50; i += 1) redis.emit('error', new Error('connect ECONNREFUSED'));
    redis.emit('ready');
    const messages = lines.map((line) => String(line.msg));
    expect(messages.filter((msg) => msg.startsWith('Redis connection error'))).toHaveLength(1);
    expect(lines.find((line) => line.msg === 'Redis reachable again')).toMatchObject({ errors: 50 });
    redis.disconnect();
  });
});

describe('connectRedis', () => {
  it('reports an unreachable Redis as a retriable UnavailableError', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const redis = createRedis({ redis: { url: 'redis://127.0.0.1:1' } });
    try {
      const failure = connectRedis(redis);
      await expect(failure).rejects.toBeInstanceOf(UnavailableError);
      await expect(failure).rejects.toMatchObject({ dependency: 'redis', retriable: true });
    } finally {
      // ioredis arms a 2 s "destroy the stream" timer on disconnect even when the stream already closed;
      // let it fall on fake timers so the test run ends cleanly.
      jest.useFakeTimers();
      redis.disconnect();
      jest.clearAllTimers();
      jest.useRealTimers();
    }
  });
});
