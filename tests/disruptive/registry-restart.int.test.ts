import { createTopicsAndWait } from '@homefirst/runtime';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadStackSettings, stackDown, stackUp } from '../../services/cli/src/stack';
import { firstValue, stackAddresses, uniqueName } from '@homefirst/testing';
import { registerSmokeSchema, smokeRecord } from '../support/smoke-schema';

// Schema ids must survive a registry restart (its storage is an H2 file under .hub/registry):
// a message written before the restart still decodes after it, with a client that has no cache.
// Disruptive: it restarts a shared server, so it runs alone (jest project "disruptive", in band).

describe('schema registry persistence', () => {
  it('given a message encoded before the registry restarts, when a fresh client decodes it after the restart, then it finds the writer schema by the same id', async () => {
    const { kafka: broker, registry: registryUrl } = stackAddresses();
    const kafka = new Kafka({ brokers: [broker], clientId: 'registry-restart', logLevel: logLevel.NOTHING });
    const topic = uniqueName('registry-restart');
    const admin = kafka.admin();
    await admin.connect();
    try {
      // Given
      await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
      const before = new SchemaRegistry({ host: registryUrl });
      const id = await registerSmokeSchema(before, topic);
      const record = smokeRecord(uniqueName('marker'), { pathway: 'P2', ward: 'RXN01' });
      const producer = kafka.producer({
        idempotent: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ value: await before.encode(id, record) }] });
      await producer.disconnect();

      // When
      const settings = loadStackSettings();
      expect(await stackDown(settings, ['registry'])).toEqual([{ name: 'registry', result: 'stopped' }]);
      await expect(fetch(`${registryUrl}/subjects`)).rejects.toThrow();
      const [registryRow] = (await stackUp(settings)).filter((r) => r.name === 'registry');
      expect(registryRow?.action).toBe('started');

      // Then
      const raw = await firstValue(kafka, topic, 'the message written before the restart');
      const after = new SchemaRegistry({ host: registryUrl });
      expect(raw.readUInt32BE(1)).toBe(id);
      expect(await after.decode(raw)).toEqual(record);
      const latest = await after.getLatestSchemaId(`${topic}-value`);
      expect(latest).toBe(id);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
