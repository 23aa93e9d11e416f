import { createTopicsAndWait } from './topics';
import { Writable } from 'node:stream';
import { uniqueName } from '@homefirst/testing';
import { loadConfig } from './config';
import { createKafka } from './kafka';
import { createLogger } from './logger';
import { createProducer, sendDurably } from './producer';
import { connectRedis, createRedis } from './redis';
import { startOpsServer } from './http';

// The runtime factories against the real local stack (addresses from the jest global setup).

describe('runtime factories on the real stack', () => {
  const config = loadConfig(process.env);
  const lines: string[] = [];
  const logger = createLogger(
    { name: 'factories-int', level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );

  it('given the configured broker, when a record is sent durably, then Kafka acknowledges it with an offset', async () => {
    const kafka = createKafka(config, logger);
    const admin = kafka.admin();
    const topic = uniqueName('runtime-int');
    await admin.connect();
    const producer = createProducer(kafka);
    try {
      await createTopicsAndWait(admin, [{ topic, numPartitions: 2 }]);
      await producer.connect();
      const [meta] = await sendDurably(producer, {
        topic,
        messages: [{ key: 'person-1', value: 'admitted' }],
      });
      expect(meta?.errorCode).toBe(0);
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(1);
    } finally {
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('given the configured Redis, when connected with a key prefix, then keys land under the prefix', async () => {
    const prefix = `${uniqueName('rt')}:`;
    const redis = createRedis(config, { keyPrefix: prefix });
    const plain = createRedis(config);
    try {
      await connectRedis(redis);
      await connectRedis(plain);
      await redis.set('k', 'v', 'EX', 60);
      expect(await plain.get(`${prefix}k`)).toBe('v');
    } finally {
      redis.disconnect();
      plain.disconnect();
    }
  });

  it('given an ops server with a Redis readiness check, then /readyz reports the real Redis as ready', async () => {
    const redis = createRedis(config);
    await connectRedis(redis);
    const ops = await startOpsServer({
      port: 0,
      logger,
      checks: { redis: async () => void (await redis.ping()) },
    });
    try {
      const res = await fetch(`http://127.0.0.1:${ops.port}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    } finally {
      await ops.close();
      redis.disconnect();
    }
  });
});
