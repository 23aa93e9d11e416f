import { createCodec } from '../codec';
import { createTopicsAndWait } from '../topics';
import {
  EventCodec,
  catalogue,
  createRegistryClient,
  hospitalSamples,
  sampleEvents,
  type HomefirstEvent,
} from '@homefirst/schemas';
import { uniqueName, waitFor } from '@homefirst/testing';
import { loadConfig } from '../config';
import { createKafka } from '../kafka';
import { createLogger } from '../logger';
import { createProducer } from '../producer';
import { connectRedis, createRedis } from '../redis';
import { EventPublisher } from './publisher';
import { IdentityIndex } from './identity-index';
import { MessageDedupe } from './message-dedupe';

// The connectors' shared write path against the real Kafka, registry and Redis.

describe('ingest write path on the real stack', () => {
  const config = loadConfig(process.env);
  const logger = createLogger({ name: 'ingest-int', level: 'silent' });
  const kafka = createKafka(config, logger);

  it('given a raw message and its mapped event, when published, then both are acknowledged, keyed as the catalogue says and decode back', async () => {
    const prefix = `${uniqueName('t')}.`;
    const admin = kafka.admin();
    await admin.connect();
    const producer = createProducer(kafka);
    const codec = createCodec(config, prefix);
    try {
      await createTopicsAndWait(
        admin,
        catalogue.map((t) => ({ topic: `${prefix}${t.name}`, numPartitions: 2 })),
      );
      await producer.connect();
      const raw = sampleEvents['homefirst.raw.v1'][0];
      const admitted = hospitalSamples.PatientAdmitted;
      if (raw === undefined) throw new Error('schemas has no raw sample');

      await new EventPublisher({ producer, codec, topicPrefix: prefix }).publish({
        raw,
        hospital: [admitted],
      });

      const consumer = kafka.consumer({ groupId: uniqueName('ingest-int'), maxWaitTimeInMs: 100 });
      const got: Array<{ topic: string; key: string; event: HomefirstEvent; eventIdHeader: string }> = [];
      await consumer.connect();
      await consumer.subscribe({
        topics: [`${prefix}homefirst.raw.v1`, `${prefix}homefirst.hospital.events.v1`],
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: async ({ topic, message }) => {
          if (!message.value) return;
          const { event } = await codec.decodeAny(message.value);
          got.push({
            topic,
            key: message.key?.toString() ?? '',
            event,
            eventIdHeader: message.headers?.eventId?.toString() ?? '',
          });
        },
      });
      await waitFor('the raw record and the event', () => (got.length >= 2 ? true : undefined), 30_000);
      await consumer.disconnect();

      const byTopic = new Map(got.map((g) => [g.topic.slice(prefix.length), g]));
      expect(byTopic.get('homefirst.raw.v1')?.key).toBe(raw.source.orgCode);
      expect(byTopic.get('homefirst.hospital.events.v1')?.key).toBe(admitted.personKey);
      expect(byTopic.get('homefirst.hospital.events.v1')?.event).toEqual(admitted);
      expect(byTopic.get('homefirst.hospital.events.v1')?.eventIdHeader).toBe(admitted.eventId);
      expect(byTopic.get('homefirst.raw.v1')?.event).toEqual(raw);
    } finally {
      await producer.disconnect();
      await admin.deleteTopics({ topics: catalogue.map((t) => `${prefix}${t.name}`) }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('given Kafka is unreachable, when publishing, then it rejects with a retriable error and acknowledges nothing', async () => {
    const unreachable = createKafka(
      { ...config, kafka: { ...config.kafka, brokers: ['127.0.0.1:1'] } },
      logger,
    );
    const producer = createProducer(unreachable);
    const codec = new EventCodec({
      registry: createRegistryClient({ url: config.registry.url }),
      prefix: `${uniqueName('t')}.`,
    });
    const publisher = new EventPublisher({ producer, codec, timeoutMs: 2000 });
    await expect(publisher.publish({ hospital: [hospitalSamples.PatientAdmitted] })).rejects.toMatchObject({
      retriable: true,
    });
    await producer.disconnect().catch(() => undefined);
  });

  it('given a message was remembered, then it is seen for that sender only', async () => {
    const redis = createRedis(config, { keyPrefix: `${uniqueName('it')}:` });
    await connectRedis(redis);
    try {
      const dedupe = new MessageDedupe(redis, { namespace: 'hl7v2' });
      expect(await dedupe.seen('PAS|RXN', 'MSG1')).toBe(false);
      await dedupe.remember('PAS|RXN', 'MSG1');
      expect(await dedupe.seen('PAS|RXN', 'MSG1')).toBe(true);
      expect(await dedupe.seen('PAS|RWA', 'MSG1')).toBe(false);
    } finally {
      redis.disconnect();
    }
  });

  it('given messages held for an unknown MRN, when the identity is learned, then they are released once and the MRN resolves', async () => {
    const redis = createRedis(config, { keyPrefix: `${uniqueName('it')}:` });
    await connectRedis(redis);
    try {
      const index = new IdentityIndex(redis);
      expect(await index.resolve('RXN', 'MRN123')).toBeUndefined();
      expect(await index.hold('RXN', 'MRN123', 'held-1', 'held-2')).toBe(2);
      expect(await index.learn('RXN', 'MRN123', '9434765919')).toEqual(['held-1', 'held-2']);
      expect(await index.resolve('RXN', 'MRN123')).toBe('9434765919');
      expect(await index.learn('RXN', 'MRN123', '9434765919')).toEqual([]);
      expect(await index.resolve('RWA', 'MRN123')).toBeUndefined();
    } finally {
      redis.disconnect();
    }
  });
});
