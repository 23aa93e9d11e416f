import { randomUUID } from 'node:crypto';
import type { CouncilEvent } from '@homefirst/schemas';
import type { BatchContext, InboundItem, ItemOutcome } from '../pipeline/batch';
import { memoryIngest } from './memory';

/**
 * given/when/then for the council connector (style.md habit 3): given records already accepted,
 * when these records arrive in one request, then these events (and outcomes, dead letters) come out.
 * Pure: an in-memory order store, dedupe and publisher stand in for Redis and Kafka.
 */
export function given(...earlier: readonly unknown[]) {
  return {
    when: async (...records: readonly unknown[]) => {
      const { ingest, publisher } = memoryIngest();
      const post = async (batch: readonly unknown[]) => {
        const items: InboundItem[] = batch.map((input, position) => ({
          position,
          input,
          earlyIssues: [],
          rawText: JSON.stringify(input),
        }));
        return ingest.process(items, contextOf(JSON.stringify(batch)));
      };
      if (earlier.length > 0) await post(earlier);
      const before = publisher.batches.length;
      const outcomes = await post(records);
      const published = publisher.batches.slice(before);
      return {
        outcomes,
        events: published.flatMap((batch): readonly CouncilEvent[] => batch.council ?? []),
        deadLetters: published.flatMap((batch) => batch.deadLetters ?? []),
        raws: published.flatMap((batch) => (batch.raw ? [batch.raw] : [])),
      } satisfies {
        outcomes: readonly ItemOutcome[];
        events: CouncilEvent[];
        deadLetters: unknown[];
        raws: unknown[];
      };
    },
  };
}

export const contextOf = (body: string): BatchContext => ({
  channel: 'COUNCIL_API',
  transport: 'HTTP',
  contentType: 'application/json',
  system: 'council-api',
  orgCode: 'E08000012',
  rawMessageId: `sha256:${body.length}`,
  rawBody: Buffer.from(body),
  receivedAt: new Date('2025-07-01T12:00:00Z'),
  correlationId: randomUUID(),
});
