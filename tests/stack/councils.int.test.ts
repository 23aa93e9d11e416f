import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@homefirst/runtime';
import { feedSamples, type FeedEvent } from '@homefirst/schemas';
import { TopicReader, stackCodec, uniqueName } from '@homefirst/testing';
import { type Admin, type Consumer, Kafka, logLevel } from 'kafkajs';
import { addCouncil, listCouncils, removeCouncil } from '../../services/cli/src/councils/access';
import {
  ADMIN_PRINCIPAL,
  FEED_ROUTER_ID_PREFIX,
  HOSPITAL_TOPIC,
  councilFeedTopic,
} from '../../services/cli/src/stack/kafka-principals';
import { catalogueTopicsAsAdmin, kafkaAs, stackSettings } from '../support/secure-kafka';

// `homefirst councils add | list | remove` on the running stack: the council's credentials, as written in
// its client bundle, read its own feed and nothing else; remove revokes them; both are audited.

const settings = stackSettings;

/** A kafkajs client built from the bundle's kcat.conf and ca.crt, as a council's team would. */
function councilClient(bundle: string): Kafka {
  const conf = Object.fromEntries(
    readFileSync(join(bundle, 'kcat.conf'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return new Kafka({
    brokers: [conf['bootstrap.servers'] ?? ''],
    clientId: 'council-test',
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 1 },
    ssl: { ca: [readFileSync(join(bundle, conf['ssl.ca.location'] ?? ''), 'utf8')] },
    sasl: {
      mechanism: 'scram-sha-512',
      username: conf['sasl.username'] ?? '',
      password: conf['sasl.password'] ?? '',
    },
  });
}

/** Reads the first value (base64) of a one-partition topic in `consumer`'s group; rejects on a crash or after 20 s. */
async function firstValueOf(consumer: Consumer, topic: string): Promise<string> {
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing read from ${topic} in 20 s`)), 20_000);
    consumer.on(consumer.events.CRASH, (event) => {
      clearTimeout(timer);
      reject(event.payload.error);
    });
    consumer
      .run({
        eachMessage: ({ message }) => {
          clearTimeout(timer);
          resolve(message.value?.toString('base64') ?? '');
          return Promise.resolve();
        },
      })
      .catch((err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
  });
}

describe('homefirst councils: a council reads its own feed and nothing else', () => {
  const laCode = 'E99000002';
  const otherLa = 'E99000003';
  const bundle = mkdtempSync(join(tmpdir(), 'council-bundle-'));
  let admin: Admin;
  const feedEvent = feedSamples[0] as FeedEvent;
  let feedValue: Buffer = Buffer.alloc(0);
  const audit = new TopicReader(kafkaAs(ADMIN_PRINCIPAL), stackCodec(loadConfig()), '');

  beforeAll(async () => {
    // The hub's own topics (the audit topic above all), as `homefirst up` applies them; a no-op where they exist.
    admin = await catalogueTopicsAsAdmin();
    await audit.start(['homefirst.audit.v1']);
    await addCouncil(settings, laCode, { outDir: bundle, actor: 'councils-test' });
    await addCouncil(settings, otherLa, { outDir: join(bundle, 'other'), actor: 'councils-test' });
    // One feed event, Avro under the council's own subject, written as the feed router writes (transactionally,
    // under its id prefix).
    const codec = stackCodec(loadConfig());
    feedValue = await codec.encodeFeed(laCode, feedEvent);
    const router = kafkaAs('hub-feed-router').producer({
      transactionalId: uniqueName(FEED_ROUTER_ID_PREFIX),
      maxInFlightRequests: 1,
      idempotent: true,
    });
    await router.connect();
    const transaction = await router.transaction();
    await transaction.send({
      topic: councilFeedTopic(laCode),
      messages: [{ key: feedEvent.personKey, value: feedValue }],
    });
    await transaction.commit();
    await router.disconnect();
  });
  afterAll(async () => {
    await removeCouncil(settings, otherLa, 'councils-test').catch(() => undefined);
    await removeCouncil(settings, laCode, 'councils-test').catch(() => undefined);
    await admin
      .deleteTopics({ topics: [councilFeedTopic(laCode), councilFeedTopic(otherLa)] })
      .catch(() => undefined);
    await admin.disconnect();
    await audit.stop();
    rmSync(bundle, { recursive: true, force: true });
  });

  it('given councils add, then the bundle holds the four client configs and a README, secrets readable by the owner only', () => {
    for (const name of ['client.properties', 'kcat.conf', 'consumer.py', 'consumer.js', 'README.md'])
      expect(statSync(join(bundle, name)).mode & 0o077).toBe(0);
    expect(readFileSync(join(bundle, 'client.properties'), 'utf8')).toContain('sasl.mechanism=SCRAM-SHA-512');
    // Feeds are transactional: a Java client reads aborted records unless told not to.
    for (const name of ['client.properties', 'kcat.conf'])
      expect(readFileSync(join(bundle, name), 'utf8')).toContain('\nisolation.level=read_committed\n');
    expect(listCouncils(settings)).toEqual(expect.arrayContaining([laCode, otherLa]));
  });

  it('given the bundle credentials, when the council reads its feed in a group with its prefix, then it gets the feed event', async () => {
    const consumer = councilClient(bundle).consumer({ groupId: `council-${laCode}-${uniqueName('g')}` });
    try {
      await expect(firstValueOf(consumer, councilFeedTopic(laCode))).resolves.toBe(
        feedValue.toString('base64'),
      );
    } finally {
      await consumer.disconnect();
    }
  });

  it.each([
    ['the hospital topic', HOSPITAL_TOPIC],
    ["another council's feed", councilFeedTopic(otherLa)],
  ])(
    'given the bundle credentials, when the council reads %s, then the broker refuses it',
    async (_what, topic) => {
      const consumer = councilClient(bundle).consumer({ groupId: `council-${laCode}-${uniqueName('g')}` });
      try {
        await expect(firstValueOf(consumer, topic)).rejects.toThrow(/Not authorized to access topics/);
      } finally {
        await consumer.disconnect();
      }
    },
  );

  it("given the bundle credentials, when the council joins another council's group, then the broker refuses it", async () => {
    const consumer = councilClient(bundle).consumer({ groupId: `council-${otherLa}-${uniqueName('g')}` });
    try {
      await expect(firstValueOf(consumer, councilFeedTopic(laCode))).rejects.toThrow(/group coordinator/);
    } finally {
      await consumer.disconnect();
    }
  });

  it('given councils remove, then the same credentials are refused and grant and revoke are on the audit topic', async () => {
    await removeCouncil(settings, otherLa, 'councils-test');
    const revoked = councilClient(join(bundle, 'other')).admin();
    await expect(revoked.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    await revoked.disconnect();
    expect(listCouncils(settings)).not.toContain(otherLa);

    await audit.until('the grant and the revoke of the other council', (reader) => {
      const changes = reader
        .events('homefirst.audit.v1')
        .flatMap((event) =>
          event.type === 'KafkaAccessChanged' && event.payload.principal === `council-${otherLa}`
            ? [event.payload.change]
            : [],
        );
      return changes.includes('GRANTED') && changes.includes('REVOKED');
    });
  });
});
