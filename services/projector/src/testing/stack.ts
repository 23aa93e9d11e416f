import { createKafka, createLogger, loadConfig, type HubConfig, type Logger } from '@homefirst/runtime';
import { publishPersonEvents, stackCodec, uniqueTopicPrefix } from '@homefirst/testing';
import { streamOf, type ProjectedEvent } from '../person/journal';

/**
 * Projector helpers for stack tests and the benchmark (real Kafka, registry and Redis from jest's global
 * setup); what every workspace's tests share is in @homefirst/testing.
 */

/** The hub config of the shared stack, with a unique topic prefix. */
export const stackConfig = (overrides: Record<string, string> = {}): HubConfig =>
  loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('it-proj'), ...overrides });

export const quietLogger = (): Logger => createLogger({ name: 'projector-test', level: 'silent' });

export const codecFor = stackCodec;

/**
 * Publishes events the way the connectors do (runtime's EventPublisher: durable, keyed by personKey),
 * in `chunk`-sized publishes, in the given order.
 */
export const publishEvents = (
  config: HubConfig,
  events: readonly ProjectedEvent[],
  chunk = 200,
): Promise<void> =>
  publishPersonEvents(
    createKafka(config, quietLogger()),
    config,
    events,
    (e) => streamOf(e.type) === 'council',
    chunk,
  );
