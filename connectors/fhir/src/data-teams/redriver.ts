import type { Redriver, RedriveResult } from '@homefirst/runtime';
import type { DeadLetterEvent } from '@homefirst/schemas';
import type { FhirIngest } from '../ingest/fhir-ingest';
import { eventCount, resubmit, type FhirParseSettings } from './submit';

/**
 * Sends a dead letter's input through the endpoint's submission path again, as a POST from its trust: the
 * same parse, dedupe, identity, spell decisions and durable write. Accepted (2xx), refused again (a new dead
 * letter says why) or unavailable (Kafka or Redis down: nothing written).
 */
export function fhirRedriver(ingest: FhirIngest, parse: FhirParseSettings): Redriver {
  return {
    async redrive(deadLetter: DeadLetterEvent): Promise<RedriveResult> {
      const outcome = await resubmit(ingest, deadLetter, parse, { deadLetter: true, receivedAt: new Date() });
      switch (outcome.kind) {
        case 'accepted': {
          const statuses = outcome.report.units.map((unit) => unit.status).join(', ');
          return {
            outcome: 'accepted',
            detail: `accepted${statuses === '' ? '' : ` (${statuses})`}`,
            events: eventCount(outcome.report),
          };
        }
        case 'refused':
        case 'unavailable':
          return {
            outcome: outcome.kind,
            detail: `${outcome.errorCode}: ${outcome.reason}`,
            events: 0,
            errorCode: outcome.errorCode,
          };
      }
    },
  };
}
