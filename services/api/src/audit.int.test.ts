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
// and every read resolves only once its own record is in the audit topic (a page: one PersonRecordsRead naming
// every person on it; a person's record: one PersonRecordRead keyed by the person).

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

  it('given 30 concurrent page reads and 10 record reads, when each resolves, then its own record is already in the topic: one per read, naming who read whom and how', async () => {
    const pages = Array.from({ length: 30 }, (_, i) => ({
      kind: 'page' as const,
      principal: {
        subject: `user-${i}`,
        role: i % 2 === 0 ? ('council' as const) : ('analyst' as const),
        org: i % 2 === 0 ? 'E08000012' : null,
      },
      route: 'GET /api/v1/queue',
      personKeys: [`person-${i}-b`, `person-${i}-a`, `person-${i}-c`],
      pseudonymised: i % 2 === 1,
      correlationId: `corr-page-${i}`,
    }));
    const records = Array.from({ length: 10 }, (_, i) => ({
      kind: 'record' as const,
      principal: { subject: `trust-${i}`, role: 'trust' as const, org: 'RHF' },
      route: 'GET /api/v1/people/{personKey}/journey',
      personKeys: [`person-record-${i}`],
      pseudonymised: false,
      correlationId: `corr-record-${i}`,
    }));
    await Promise.all([...pages, ...records].map((read) => sink(read)));

    // Everything acknowledged is readable now: the high watermark covers all 40 records.
    const reader = new TopicReader(kafka, codec, config.topicPrefix);
    await reader.start([AUDIT]);
    await reader.readToHighWatermark();
    await reader.stop();
    const audits = reader.events(AUDIT) as AuditEvent[];
    expect(audits).toHaveLength(40);
    expect(new Set(audits.map((a) => a.eventId)).size).toBe(40);
    for (const read of pages) {
      const mine = audits.filter((a) => a.correlationId === read.correlationId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        type: 'PersonRecordsRead',
        personKey: null,
        source: { system: 'homefirst-api', orgCode: 'HUB' },
        payload: {
          actorId: read.principal.subject,
          actorRole: read.principal.role.toUpperCase(),
          actorOrgCode: read.principal.org ?? '',
          route: 'GET /api/v1/queue',
          pseudonymised: read.pseudonymised,
          // Every person on the page, in the order shown.
          personKeys: read.personKeys,
        },
      });
    }
    for (const read of records) {
      const mine = audits.filter((a) => a.correlationId === read.correlationId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        type: 'PersonRecordRead',
        personKey: read.personKeys[0],
        payload: { actorId: read.principal.subject, actorRole: 'TRUST', actorOrgCode: 'RHF' },
      });
    }
    // A person's record is keyed by its personKey. A page names many: the pages of a run (StickyKey, 512)
    // share one key, so one partition, and a group commit of pages is one record batch.
    const [persons, pagesRead] = [
      reader.of(AUDIT).filter((r) => r.event.personKey !== null),
      reader.of(AUDIT).filter((r) => r.event.personKey === null),
    ];
    for (const { key, event } of persons) expect(key).toBe(event.personKey);
    expect(pagesRead).toHaveLength(30);
    expect(new Set(pagesRead.map((r) => r.key)).size).toBe(1);
    expect(pagesRead[0]?.key).toMatch(/^page-reads\./);
  }, 60_000);

  it('given a read that returns nobody, when audited, then nothing is written and it resolves', async () => {
    await expect(
      sink({
        kind: 'page',
        principal: { subject: 'nobody', role: 'admin', org: null },
        route: 'GET /api/v1/queue',
        personKeys: [],
        pseudonymised: false,
        correlationId: 'corr-empty',
      }),
    ).resolves.toBeUndefined();
  });
});
