import { readHistory, type Logger } from '@homefirst/runtime';
import type { Kafka } from 'kafkajs';
import { isRoutable } from '../routing/feed-event';
import type { SourceDecoder } from './decoder';
import { recordReread } from './metrics';

/**
 * Reads the hospital events at `offsets` of one partition again (events a restored state refers to, consumed
 * before the restore) and hands each one's id and bytes to `keep`. Returns how many were found.
 */
export async function rereadTemplates(
  kafka: Kafka,
  decoder: SourceDecoder,
  logger: Logger,
  where: {
    readonly hospital: string;
    readonly partition: number;
    readonly offsets: ReadonlySet<string>;
    /** The history group's prefix (settings.ts historyGroupOf). */
    readonly groupPrefix: string;
  },
  keep: (eventId: string, value: Buffer) => void,
): Promise<number> {
  const { hospital, partition, offsets, groupPrefix } = where;
  const started = Date.now();
  const from = [...offsets].reduce((a, b) => (BigInt(a) <= BigInt(b) ? a : b));
  const reader = readHistory(kafka, {
    topics: [hospital],
    fromOffsets: [{ topic: hospital, partition, offset: from }],
    logger,
    groupPrefix,
  });
  await reader.start();
  let found = 0;
  try {
    for await (const batch of reader) {
      for (const record of batch.records) {
        if (!offsets.has(record.offset) || record.value === null) continue;
        const event = await decoder.decode(hospital, partition, record);
        if (event === undefined || !isRoutable(event)) continue;
        keep(event.eventId, record.value);
        found += 1;
      }
      if (found >= offsets.size) break;
    }
  } finally {
    await reader.close();
  }
  recordReread(found);
  logger.info(
    { partition, events: offsets.size, found, ms: Date.now() - started },
    'feed router re-read referred events',
  );
  return found;
}
