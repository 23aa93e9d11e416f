import { HubError, isRetriable } from '@homefirst/runtime';
import { Hl7ContentError } from '../hl7/errors';
import type { Acknowledgement } from './ack';

/**
 * The one place errors become HL7 acknowledgements (style.md habit 1):
 * - Hl7ContentError → AE with its condition (101/102/103/200/…), location and reason: the sender fixes it;
 * - anything else → AR: the hub cannot accept it now (Kafka, Redis or the registry unavailable — retriable —
 *   or a fault of ours, which must not be blamed on the sender); the sender resends later.
 */
export function acknowledgementOf(err: unknown): Acknowledgement {
  if (err instanceof Hl7ContentError) {
    return {
      code: 'AE',
      text: err.message,
      error: { condition: err.condition, location: err.location, reason: err.message },
    };
  }
  const reason = isRetriable(err)
    ? 'the hub cannot store messages at the moment; send again later'
    : 'the hub could not process this message; send again later';
  return {
    code: 'AR',
    text: reason,
    error: { condition: 'APPLICATION_INTERNAL_ERROR', location: null, reason },
  };
}

/** A stable code for metrics and logs. */
export function errorCodeOf(err: unknown): string {
  if (err instanceof Hl7ContentError) return err.errorCode;
  if (err instanceof HubError) return err.code;
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return 'UNEXPECTED';
}
