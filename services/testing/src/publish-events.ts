import { createCodec, EventPublisher, createProducer, type HubConfig } from '@homefirst/runtime';
import { type EventCodec, type CouncilEvent, type HospitalEvent } from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';

/** A codec on the registry of `config`, under its topic prefix. */
export const stackCodec = (config: HubConfig): EventCodec => createCodec(config);

/**
 * Publishes person events the way the connectors do (runtime's EventPublisher: durable, keyed by personKey),
 * `chunk` at a time, in the given order; `isCouncil` tells a council event from a hospital one.
 */
export async function publishPersonEvents<E extends HospitalEvent | CouncilEvent>(
  kafka: Kafka,
  config: HubConfig,
  events: readonly E[],
  isCouncil: (event: E) => boolean,
  chunk: number,
): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    const publisher = new EventPublisher({
      producer,
      codec: stackCodec(config),
      topicPrefix: config.topicPrefix,
    });
    for (let i = 0; i < events.length; i += chunk) {
      const slice = events.slice(i, i + chunk);
      await publisher.publish({
        hospital: slice.filter((e) => !isCouncil(e)) as HospitalEvent[],
        council: slice.filter((e) => isCouncil(e)) as CouncilEvent[],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A small, fast, seedable PRNG (mulberry32), so every run generates the same population. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
