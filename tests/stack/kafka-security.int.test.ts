import { readFileSync } from 'node:fs';
import { createKafka, createLogger, createTopicsAndWait, loadConfig } from '@homefirst/runtime';
import { uniqueName } from '@homefirst/testing';
import { type Admin, type Consumer, type Kafka, Kafka as KafkaClient, logLevel } from 'kafkajs';
import {
  COUNCIL_TOPIC,
  FEED_ROUTER_ID_PREFIX,
  HOSPITAL_TOPIC,
  councilFeedTopic,
} from '../../services/cli/src/stack/kafka-principals';
import { kafkaCaFile, kafkaClientEnv } from '../../services/cli/src/stack/kafka-security';
import { kafkaSecureAddress } from '../../services/cli/src/stack/settings';
import { catalogueTopicsAsAdmin, kafkaAs, stackSettings } from '../support/secure-kafka';

// Kafka security of the running local stack (started by the global setup, or HOMEFIRST_STACK=external with
// the same HOMEFIRST_* port variables): the SASL_SSL listener with SCRAM-SHA-512, and the broker's ACLs
// (StandardAuthorizer, deny by default) for the hub principals `homefirst stack up` created. Clients are
// built the way services build them: runtime's config kit with the variables `homefirst up` gives them.

const settings = stackSettings;

/** A client of the SASL_SSL listener with the given TLS and SASL settings, failing fast. */
const rawClient = (options: Partial<ConstructorParameters<typeof KafkaClient>[0]>): Kafka =>
  new KafkaClient({
    brokers: [kafkaSecureAddress(settings)],
    clientId: 'kafka-security-test',
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
    ...options,
  });

describe('Kafka security on the local stack (SASL/SCRAM over TLS, ACLs deny by default)', () => {
  const feedLa = 'E99000001';
  const feedTopic = councilFeedTopic(feedLa);
  let admin: Admin;

  beforeAll(async () => {
    // The hub's own topics, as `homefirst up` applies them (a no-op where they exist).
    admin = await catalogueTopicsAsAdmin();
    const existing = await admin.listTopics();
    if (!existing.includes(feedTopic))
      // Not kafkajs's waitForLeaders: its metadata poll gives up on 'does not host this topic-partition',
      // which a just-created topic can answer for a moment (a CI run failed on it); the runtime's helper retries.
      await createTopicsAndWait(admin, [{ topic: feedTopic, numPartitions: 1 }]);
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [feedTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('given the projector principal, when it joins its own group on the hospital and council topics, then the broker lets it', async () => {
    // Nothing is written to the hub's own topics here: a dev's running hub reads them.
    const consumer = kafkaAs('hub-projector').consumer({
      groupId: uniqueName('homefirst-projector-security'),
    });
    try {
      await expect(joinGroup(consumer, [HOSPITAL_TOPIC, COUNCIL_TOPIC])).resolves.toBeUndefined();
    } finally {
      await consumer.disconnect();
    }
  });

  it('given the projector principal, when it reads the raw topic it has no ACL for, then the broker refuses it', async () => {
    const consumer = kafkaAs('hub-projector').consumer({
      groupId: uniqueName('homefirst-projector-security'),
    });
    await consumer.connect();
    try {
      expect(await refusal(consumer.subscribe({ topics: ['homefirst.raw.v1'] }))).toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
    } finally {
      await consumer.disconnect();
    }
  });

  it('given the projector principal, when it joins a consumer group outside its prefix, then the broker refuses it', async () => {
    // kafkajs reports a refused FindCoordinator as "Failed to find group coordinator"; the broker's own
    // error code is in its debug log.
    const lines: string[] = [];
    const logger = createLogger(
      { name: 'kafka-security-test', level: 'debug' },
      { write: (line: string) => lines.push(line) },
    );
    const kafka = createKafka(loadConfig(kafkaClientEnv(settings, 'hub-projector')), logger);
    const consumer = kafka.consumer({ groupId: uniqueName('someone-elses-group') });
    try {
      await expect(joinGroup(consumer, [COUNCIL_TOPIC])).rejects.toThrow();
      expect(lines.join('\n')).toContain('"type":"GROUP_AUTHORIZATION_FAILED"');
    } finally {
      await consumer.disconnect();
    }
  });

  it('given the HL7 connector principal, when it writes the council topic, then the broker refuses it', async () => {
    const producer = kafkaAs('hub-hl7v2').producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      expect(
        await refusal(producer.send({ topic: COUNCIL_TOPIC, acks: -1, messages: [{ value: 'not mine' }] })),
      ).toBe('TOPIC_AUTHORIZATION_FAILED');
    } finally {
      await producer.disconnect();
    }
  });

  it('given the feed router principal, when it writes a council feed in a transaction with its id prefix, then the write commits', async () => {
    const producer = kafkaAs('hub-feed-router').producer({
      transactionalId: uniqueName(FEED_ROUTER_ID_PREFIX),
      maxInFlightRequests: 1,
      idempotent: true,
    });
    await producer.connect();
    try {
      const transaction = await producer.transaction();
      await transaction.send({ topic: feedTopic, messages: [{ key: 'p', value: 'feed event' }] });
      await expect(transaction.commit()).resolves.toBeUndefined();
    } finally {
      await producer.disconnect();
    }
  });

  it('given a hub principal with a wrong password, when it connects, then SCRAM authentication is refused', async () => {
    const client = rawClient({
      ssl: { ca: [readFileSync(kafkaCaFile(settings), 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: 'hub-projector', password: 'not-the-password' },
    });
    const refused = client.admin();
    await expect(refused.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    await refused.disconnect();
  });

  it('given a client without TLS, when it connects to the SASL_SSL listener, then no connection is made', async () => {
    const client = rawClient({
      sasl: { mechanism: 'scram-sha-512', username: 'hub-projector', password: 'irrelevant' },
    });
    const plain = client.admin();
    await expect(plain.connect()).rejects.toThrow();
    await plain.disconnect();
  });
});

/**
 * The broker's error code name (`TOPIC_AUTHORIZATION_FAILED`…) that `work` failed with, found on the error
 * or its causes (kafkajs wraps protocol errors); the whole error message when there is none.
 */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    let current: unknown = err;
    for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
      const { type, cause, originalError } = current as {
        type?: unknown;
        cause?: unknown;
        originalError?: unknown;
      };
      if (typeof type === 'string' && type !== 'UNKNOWN') return type;
      current = cause ?? originalError;
    }
    return err instanceof Error ? err.message : String(err);
  }
  return 'not refused';
}

/** Subscribes and resolves once the consumer joined its group (rejects on a crash or after 20 s). */
async function joinGroup(consumer: Consumer, topics: readonly string[]): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the consumer did not join its group in 20 s')), 20_000);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
    consumer.on(consumer.events.CRASH, (event) => {
      clearTimeout(timer);
      reject(event.payload.error);
    });
    consumer.run({ eachMessage: () => Promise.resolve() }).catch((err: unknown) => {
      clearTimeout(timer);
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}
