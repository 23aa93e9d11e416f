import { createKafka, createLogger, createProducer, loadConfig } from '@homefirst/runtime';
import type { AuditEvent } from '@homefirst/schemas';
import {
  TopicReader,
  createCatalogueTopics,
  deleteCatalogueTopics,
  stackCodec,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import type { Producer } from 'kafkajs';
import { kafkaAuditSink, type AuditSink } from './audit';

// The API's durable audit on the real Kafka and registry: concurrent person-level reads are group-committed,
// and every read resolves only once its own PersonRecordRead records are in the audit topic.

const AUDIT = 'homefirst.audit.v1';
const config = loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('it-api-audit') });
const logger = createLogger({ name: 'api-audit-test', level: 'warn' });
const kafka = createKafka(config, logger);
const codec = stackCodec(config);

describe('kafkaAuditSink on the real Kafka', () => {
  let producer: Producer;
  let sink: AuditSink;

  beforeAll(async () => {
    await createCatalogueTopics(kafka, config.topicPrefix);
    producer = createProducer(kafka);
    await producer.connect();
    sink = kafkaAuditSink({ producer, codec, topicPrefix: config.topicPrefix, apiOrg: 'HUB' });
  }, 60_000);
  afterAll(async () => {
    await producer.disconnect();
    await deleteCatalogueTopics(kafka, config.topicPrefix);
  });

  it('given 30 concurrent reads, when each resolves, then its own records are already in the topic: one PersonRecordRead per person, who read it and how', async () => {
    const reads = Array.from({ length: 30 }, (_, i) => ({
      principal: {
        subject: `user-${i}`,
        role: i % 2 === 0 ? ('council' as const) : ('analyst' as const),
        org: i % 2 === 0 ? 'E08000012' : null,
      },
      route: 'GET /api/v1/queue',
      personKeys: [`person-${i}-a`, `person-${i}-b`],
      pseudonymised: i % 2 === 1,
      correlationId: `corr-${i}`,
    }));
    await Promise.all(reads.map((read) => sink(read)));

    // Everything acknowledged is readable now: the high watermark covers all 60 records.
    const reader = new TopicReader(kafka, codec, config.topicPrefix);
    await reader.start([AUDIT]);
    await reader.readToHighWatermark();
    await reader.stop();
    const audits = reader.events(AUDIT) as AuditEvent[];
    expect(audits).toHaveLength(60);
    expect(new Set(audits.map((a) => a.eventId)).size).toBe(60);
    for (const read of reads) {
      const mine = audits.filter((a) => a.correlationId === read.correlationId);
      expect(mine.map((a) => a.personKey).sort()).toEqual([...read.personKeys].sort());
      for (const audit of mine)
        expect(audit).toMatchObject({
          type: 'PersonRecordRead',
          source: { system: 'homefirst-api', orgCode: 'HUB' },
          payload: {
            actorId: read.principal.subject,
            actorRole: read.principal.role.toUpperCase(),
            actorOrgCode: read.principal.org ?? '',
            route: 'GET /api/v1/queue',
            pseudonymised: read.pseudonymised,
          },
        });
    }
    // Keyed by personKey like every person topic.
    expect(reader.of(AUDIT).every((r) => r.key === r.event.personKey)).toBe(true);
  }, 60_000);

  it('given a read that returns nobody, when audited, then nothing is written and it resolves', async () => {
    await expect(
      sink({
        principal: { subject: 'nobody', role: 'admin', org: null },
        route: 'GET /api/v1/queue',
        personKeys: [],
        pseudonymised: false,
        correlationId: 'corr-empty',
      }),
    ).resolves.toBeUndefined();
  });
});
