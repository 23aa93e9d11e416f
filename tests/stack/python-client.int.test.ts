import { createTopicsAndWait } from '@homefirst/runtime';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import {
  EventCodec,
  catalogue,
  createRegistryClient,
  sampleEvents,
  type EventsByTopic,
  type TopicName,
} from '@homefirst/schemas';
import { registerSmokeSchema, type SmokeRecord } from '../support/smoke-schema';
import { stackAddresses, uniqueName } from '@homefirst/testing';

// The wire format proved by a client nobody here wrote: Confluent's Python client from Debian
// (python3-confluent-kafka + python3-avro), run by the system Python. .ci/run installs the packages.
const PYTHON = '/usr/bin/python3';

/**
 * Runs the Python consumer (tests/python/consume_avro.py) until it has read `count` records or `seconds`
 * have passed, expects it to succeed silently, and returns the JSON line it printed for each record.
 */
function consumeWithPython<T>(run: {
  broker: string;
  registryUrl: string;
  topics: readonly string[];
  count: number;
  seconds: number;
  timeoutMs: number;
}): T[] {
  const consumer = spawnSync(
    PYTHON,
    [
      join(__dirname, '..', 'python', 'consume_avro.py'),
      run.broker,
      run.registryUrl,
      run.topics.join(','),
      String(run.count),
      String(run.seconds),
    ],
    { encoding: 'utf8', timeout: run.timeoutMs },
  );
  expect(consumer.stderr).toBe('');
  expect(consumer.status).toBe(0);
  return consumer.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

describe("Confluent's Python client", () => {
  it('given records written by kafkajs with the registry codec, when the Python client reads them, then it finds the schema by id and decodes them', async () => {
    const { kafka: broker, registry: registryUrl } = stackAddresses();
    const kafka = new Kafka({ brokers: [broker], clientId: 'python-check', logLevel: logLevel.NOTHING });
    const registry = new SchemaRegistry({ host: registryUrl });
    const topic = uniqueName('python-check');
    const admin = kafka.admin();
    await admin.connect();
    try {
      await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
      const id = await registerSmokeSchema(registry, topic);
      const records: SmokeRecord[] = [
        { personKey: 'pk-1', pathway: 'P1', readyAt: 1_763_800_000_000, ward: 'Ward 7B' },
        { personKey: 'pk-2', pathway: 'P3', readyAt: 1_763_803_600_000, ward: null },
      ];
      const producer = kafka.producer({
        idempotent: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: await Promise.all(
          records.map(async (r) => ({ key: r.personKey, value: await registry.encode(id, r) })),
        ),
      });
      await producer.disconnect();

      const lines = consumeWithPython<{
        key: string;
        schemaId: number;
        writerSchema: string;
        value: Record<string, unknown>;
      }>({ broker, registryUrl, topics: [topic], count: records.length, seconds: 45, timeoutMs: 60_000 });
      expect(lines.map((l) => l.key)).toEqual(['pk-1', 'pk-2']);
      for (const l of lines) {
        expect(l.schemaId).toBe(id);
        expect(l.writerSchema).toBe('uk.homefirst.smoke.DischargeReadySmoke');
      }
      expect(lines[0]?.value).toMatchObject({ personKey: 'pk-1', pathway: 'P1', ward: 'Ward 7B' });
      expect(lines[1]?.value).toMatchObject({ personKey: 'pk-2', pathway: 'P3', ward: null });
      // python-avro turns timestamp-millis into an aware datetime
      expect(String(lines[0]?.value.readyAt)).toMatch(/^2025-11-22 08:26:40(\+00:00)?$/);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

describe("Confluent's Python client and the event contract", () => {
  it('given one of each event type on every topic, when the Python client reads them, then each decodes with its type and eventId', async () => {
    const { kafka: broker, registry: registryUrl } = stackAddresses();
    const prefix = `${uniqueName('py')}.`;
    const kafka = new Kafka({
      brokers: [broker],
      clientId: 'python-contract-check',
      logLevel: logLevel.NOTHING,
    });
    const codec = new EventCodec({ registry: createRegistryClient({ url: registryUrl }), prefix });
    const admin = kafka.admin();
    await admin.connect();
    const topics = catalogue.map((t) => `${prefix}${t.name}`);
    try {
      await createTopicsAndWait(
        admin,
        topics.map((topic) => ({ topic, numPartitions: 1 })),
      );
      const expected: Array<{ topic: string; type: string; eventId: string }> = [];
      const producer = kafka.producer({
        idempotent: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      let n = 0;
      for (const spec of catalogue) {
        const name = spec.name as TopicName;
        const events = sampleEvents[name] as ReadonlyArray<EventsByTopic[typeof name]>;
        const messages = await Promise.all(
          events.map(async (event) => {
            // distinct ids, so the check below tells every record apart
            const unique = {
              ...event,
              eventId: `${event.eventId.slice(0, -4)}${String(n++).padStart(4, '0')}`,
            };
            expected.push({ topic: `${prefix}${name}`, type: unique.type, eventId: unique.eventId });
            return { key: 'k', value: await codec.encode(name, unique) };
          }),
        );
        await producer.send({ topic: `${prefix}${name}`, acks: -1, messages });
      }
      await producer.disconnect();

      const decoded = consumeWithPython<{ topic: string; value: { type: string; eventId: string } }>({
        broker,
        registryUrl,
        topics,
        count: expected.length,
        seconds: 60,
        timeoutMs: 90_000,
      }).map((l) => ({ topic: l.topic, type: l.value.type, eventId: l.value.eventId }));
      const byId = (a: { eventId: string }, b: { eventId: string }): number =>
        a.eventId.localeCompare(b.eventId);
      expect(decoded.sort(byId)).toEqual(expected.sort(byId));
      const types = new Set(decoded.map((d) => d.type));
      expect(types.size).toBe(new Set(expected.map((e) => e.type)).size);
      // every event type of the contract, hospital and council alike
      expect(types).toEqual(new Set(catalogue.flatMap((t) => t.eventTypes).filter((t) => t !== 'Unknown')));
    } finally {
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
