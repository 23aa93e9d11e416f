import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { catalogue } from '../catalogue/topics';
import { RegistryUnavailableError, UnknownSchemaIdError } from '../errors';
import type { TopicName } from '../generated/events';
import { hospitalSamples, sampleEvents } from '../testing/sample-events';
import { registryUrl, uniquePrefix } from '../testing/stack';
import { EventCodec } from './event-codec';
import { createRegistryClient } from './registry-client';
import { frame, unframe } from './wire-format';

const HOSPITAL = 'homefirst.hospital.events.v1';

describe('EventCodec against the real registry', () => {
  const registry = createRegistryClient({ url: registryUrl() });
  const prefix = uniquePrefix('codec');
  const codec = new EventCodec({ registry, prefix });

  describe.each(catalogue.map((t) => t.name as TopicName))('%s', (topic) => {
    it.each(sampleEvents[topic].map((event) => [event.type, event] as const))(
      'round-trips %s',
      async (_type, event) => {
        const message = await codec.encode(topic, event);
        // A fresh codec has no cache: the schema comes from the registry by id.
        expect(await new EventCodec({ registry, prefix }).decode(topic, message)).toEqual(event);
      },
    );
  });

  it('registered every subject with BACKWARD_TRANSITIVE compatibility', async () => {
    await codec.prepare();
    for (const topic of catalogue) {
      expect(await registry.compatibility(`${prefix}${topic.valueSubject}`)).toBe('BACKWARD_TRANSITIVE');
    }
  });

  it('writes what a stock Confluent client reads, and reads what it writes', async () => {
    const confluent = new SchemaRegistry({ host: registryUrl() });
    const event = hospitalSamples.DischargeReadyDeclared;
    const ours = await codec.encode(HOSPITAL, event);

    const decoded = (await confluent.decode(ours)) as Record<string, unknown>;
    expect(decoded).toMatchObject({
      eventId: event.eventId,
      type: 'DischargeReadyDeclared',
      personKey: event.personKey,
    });
    expect(Object.keys(decoded.payload as object)).toEqual(['uk.homefirst.hospital.DischargeReadyDeclared']);

    const theirs = await confluent.encode(unframe(ours).schemaId, decoded);
    expect(await codec.decode(HOSPITAL, theirs)).toEqual(event);
  });

  it('names an id the registry does not know', async () => {
    const message = frame(2_000_000_000, Buffer.from([0]));
    await expect(codec.decode(HOSPITAL, message)).rejects.toThrow(UnknownSchemaIdError);
    await expect(codec.decode(HOSPITAL, message)).rejects.toThrow(/Schema id 2000000000/);
  });

  it('turns an unreachable registry into a retriable error and no bytes', async () => {
    const down = new EventCodec({
      registry: createRegistryClient({ url: 'http://127.0.0.1:9/apis/ccompat/v7', timeoutMs: 1000 }),
      prefix,
    });
    await expect(down.encode(HOSPITAL, hospitalSamples.PatientAdmitted)).rejects.toThrow(
      RegistryUnavailableError,
    );
    await expect(down.encode(HOSPITAL, hospitalSamples.PatientAdmitted)).rejects.toMatchObject({
      retriable: true,
    });
  });
});
