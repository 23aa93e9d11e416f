import {
  EventPublisher,
  createKafka,
  createLogger,
  createProducer,
  loadConfig,
  type HubConfig,
  type Logger,
} from '@homefirst/runtime';
import { uniqueTopicPrefix } from '@homefirst/testing';
import { EventCodec, createRegistryClient, type CouncilEvent, type HospitalEvent } from '@homefirst/schemas';
import { streamOf, type ProjectedEvent } from '../person/journal';

/**
 * Projector helpers for stack tests and the benchmark (real Kafka, registry and Redis from jest's global
 * setup); what every workspace's tests share is in @homefirst/testing.
 */

/** The hub config of the shared stack, with a unique topic prefix. */
export const stackConfig = (overrides: Record<string, string> = {}): HubConfig =>
  loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('it-proj'), ...overrides });

export const quietLogger = (): Logger => createLogger({ name: 'projector-test', level: 'silent' });

export const codecFor = (config: HubConfig): EventCodec =>
  new EventCodec({
    registry: createRegistryClient({ url: config.registry.url }),
    prefix: config.topicPrefix,
  });

/**
 * Publishes events the way the connectors do (runtime's EventPublisher: durable, keyed by personKey),
 * in `chunk`-sized publishes, in the given order.
 */
export async function publishEvents(
  config: HubConfig,
  events: readonly ProjectedEvent[],
  chunk = 200,
): Promise<void> {
  const kafka = createKafka(config, quietLogger());
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    const publisher = new EventPublisher({
      producer,
      codec: codecFor(config),
      topicPrefix: config.topicPrefix,
    });
    for (let i = 0; i < events.length; i += chunk) {
      const slice = events.slice(i, i + chunk);
      await publisher.publish({
        hospital: slice.filter((e): e is HospitalEvent => streamOf(e.type) === 'hospital'),
        council: slice.filter((e): e is CouncilEvent => streamOf(e.type) === 'council'),
      });
    }
  } finally {
    await producer.disconnect();
  }
}
