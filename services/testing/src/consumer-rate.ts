import type { EventCodec } from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';
import { uniqueName } from './names';

/**
 * A benchmark's baseline: a kafkajs consumer of its own group reading `topics` from the beginning until it has
 * seen `count` records, timed from its first batch to the batch that reached `count` (connecting and joining
 * excluded). `eachValue`, when given, is what it does with every record's value (e.g. only decode it); left
 * out, it does nothing — the bare consumer. Answers records per second.
 */
export async function consumerRate(
  kafka: Kafka,
  topics: readonly string[],
  count: number,
  eachValue?: (value: Buffer) => void | Promise<void>,
): Promise<number> {
  const consumer = kafka.consumer({ groupId: uniqueName('bench-baseline'), maxBytes: 10_485_760 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  let seen = 0;
  let started = 0;
  const ended = await new Promise<number>((resolve, reject) => {
    void consumer
      .run({
        eachBatch: async ({ batch }) => {
          if (started === 0) started = performance.now();
          if (eachValue !== undefined)
            for (const message of batch.messages) {
              const pending = eachValue(message.value ?? Buffer.alloc(0));
              if (pending !== undefined) await pending;
            }
          seen += batch.messages.length;
          if (seen >= count) resolve(performance.now());
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return count / ((ended - started) / 1000);
}

/**
 * The floor under anything that reads the events: the bare consumer that also Avro-decodes every value (the
 * codec's synchronous path once a schema is cached) and keeps nothing. Records per second.
 */
export async function decodingConsumerRate(
  kafka: Kafka,
  codec: EventCodec,
  topics: readonly string[],
  count: number,
): Promise<number> {
  let decoded = 0;
  const rate = await consumerRate(kafka, topics, count, (value) => {
    if (codec.decodeAnySync(value) === undefined)
      return codec.decodeAny(value).then(() => {
        decoded += 1;
      });
    decoded += 1;
    return undefined;
  });
  if (decoded < count) throw new Error(`decoded ${decoded} of ${count} records`);
  return rate;
}
