import { randomUUID } from 'node:crypto';
import { HubError, isRetriable, type Redriver, type RedriveResult } from '@homefirst/runtime';
import type { DeadLetterEvent } from '@homefirst/schemas';
import type { CouncilIngest } from '../pipeline/council-ingest';
import { storedBatch } from './stored-input';

/**
 * Sends a dead letter's record through the council record path again, as its council sent it (a REST
 * record, or a CSV header and row): validation, resend check, order of steps, mapping, durable write.
 * Accepted (or a duplicate of a record accepted since), refused again (the path wrote a new dead letter
 * with the new reason), or unavailable (Kafka or Redis down: nothing written).
 */
export function councilRedriver(ingest: CouncilIngest, mappingDirs: readonly string[]): Redriver {
  return {
    async redrive(deadLetter: DeadLetterEvent): Promise<RedriveResult> {
      try {
        const batch = await storedBatch(deadLetter, mappingDirs, {
          receivedAt: new Date(),
          correlationId: randomUUID(),
          rawMessageId: `redrive:${deadLetter.eventId}`,
        });
        const outcomes = await ingest.process(batch.items, batch.context);
        const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
        if (rejected !== undefined) {
          const reason = rejected.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
          return {
            outcome: 'refused',
            detail: `${rejected.errorCode}: ${reason}`,
            events: 0,
            errorCode: rejected.errorCode,
          };
        }
        const accepted = outcomes.filter((outcome) => outcome.status === 'accepted').length;
        return {
          outcome: 'accepted',
          detail: accepted > 0 ? 'accepted' : 'accepted; duplicate of a record accepted since',
          events: accepted,
        };
      } catch (err) {
        const errorCode = err instanceof HubError ? err.code : 'INTERNAL';
        const reason = err instanceof HubError ? err.message : 'unexpected error';
        return isRetriable(err)
          ? { outcome: 'unavailable', detail: `${errorCode}: ${reason}`, events: 0, errorCode }
          : { outcome: 'refused', detail: `${errorCode}: ${reason}`, events: 0, errorCode };
      }
    },
  };
}
