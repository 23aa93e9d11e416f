import { createTopicsAndWait } from '@homefirst/runtime';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Redis } from 'ioredis';
import { type Admin, Kafka, logLevel, Partitioners } from 'kafkajs';
import { firstValue, stackAddresses, uniqueName } from '@homefirst/testing';
import { registerSmokeSchema, smokeRecord } from '../support/smoke-schema';

// The foundation smoke test: the three real servers, through the client libraries the hub uses.
// It must fail when any of them is down (scripts/verify-smoke-fails.sh proves that).

describe('local stack smoke test', () => {
  const { kafka: broker, registry: registryUrl, redis: redisUrl, redisAuth } = stackAddresses();
  const kafka = new Kafka({
    brokers: [broker],
    clientId: 'smoke',
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 3 },
  });
  const registry = new SchemaRegistry({ host: registryUrl });
  let admin: Admin;
  const topic = uniqueName('smoke');

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('given a registered Avro schema, when a record is produced with the registry codec, then a consumer decodes the same record', async () => {
    // Given
    await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
    const id = await registerSmokeSchema(registry, topic);
    const record = smokeRecord(uniqueName('rec'));

    // When
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [ack] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: record.personKey, value: await registry.encode(id, record) }],
    });
    await producer.disconnect();

    // Then
    expect(ack?.errorCode).toBe(0);
    const raw = await firstValue(kafka, topic, 'the smoke record to be consumed');

    expect(raw.readUInt8(0)).toBe(0); // Confluent wire format: magic byte 0…
    expect(raw.readUInt32BE(1)).toBe(id); // …then the 4-byte schema id
    const decoded: unknown = await registry.decode(raw);
    expect(decoded).toEqual({ ...record, readyAt: expect.anything() as unknown });
    expect(new Date((decoded as { readyAt: Date | number }).readyAt).getTime()).toBe(record.readyAt);
  });

  it('given the stack Redis, when a value is written, then it reads back', async () => {
    const redis = new Redis(redisUrl, {
      ...redisAuth, // the stack's admin: the default user is off
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    await redis.connect();
    try {
      const key = uniqueName('smoke');
      await redis.set(key, 'ready', 'EX', 60);
      expect(await redis.get(key)).toBe('ready');
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    } finally {
      redis.disconnect();
    }
  });
});
