import { describeError, UnavailableError, withinDeadline } from '@homefirst/runtime';
import type { Logger } from '@homefirst/runtime';
import type { Source } from '@homefirst/schemas';
import { acknowledgementOf, errorCodeOf } from '../ack/outcome';
import { Hl7ContentError } from '../hl7/errors';
import { orgCodeOf, type AckHeader } from '../mapping/header';
import { printableIdentifier as loggableId } from '../mapping/identifier-field';
import { deadLetterRecord, rawRecord } from '../mapping/records';
import { NO_EVENTS, type Hl7Ingest, type MessageMeta, type MessageResult } from './message-result';
import type { AuthenticatedSender } from './sender';

/**
 * AE: dead-letter the message with its reason (no identifiers), then tell the sender what to fix. Anything
 * but content the sender must fix, or a failed dead-letter write, is AR instead. Over TLS the records are
 * the certificate's organisation's, whatever MSH-4 says.
 */
export async function reject(
  ingest: Hl7Ingest,
  err: unknown,
  header: AckHeader,
  body: Buffer,
  meta: MessageMeta,
  sender: AuthenticatedSender | null = null,
): Promise<MessageResult> {
  if (!(err instanceof Hl7ContentError)) return unavailable(ingest, err, header, meta.log);
  const source = lenientSource(ingest, header, sender);
  const recordMeta = {
    receivedAt: meta.receivedAt,
    correlationId: meta.correlationId,
    transport: ingest.options.transport,
  };
  const raw = rawRecord(source, body, null, recordMeta);
  const deadLetter = deadLetterRecord(
    source,
    body,
    raw.eventId,
    { stage: err.stage, errorCode: err.errorCode, reason: err.message, retriable: false },
    recordMeta,
  );
  try {
    await withinDeadline(
      (ingest.options.refusalWriter ?? ingest.options.writer).write({ raw, deadLetters: [deadLetter] }),
      ingest.ackTimeoutMs,
    );
  } catch (writeError) {
    return unavailable(ingest, writeError, header, meta.log);
  }
  ingest.options.metrics?.rejected.inc({ errorCode: err.errorCode });
  meta.log.warn(
    {
      errorCode: err.errorCode,
      trigger: header.trigger,
      messageControlId: loggableId(header.messageControlId),
      reason: err.message,
      ...(sender !== null && { certificateOrgCode: sender.orgCode }),
    },
    'message rejected (AE)',
  );
  return {
    header,
    ack: acknowledgementOf(err),
    status: 'rejected',
    events: NO_EVENTS,
    errorCode: err.errorCode,
  };
}

/** AR: nothing acknowledged; the sender sends again later. */
export function unavailable(ingest: Hl7Ingest, err: unknown, header: AckHeader, log: Logger): MessageResult {
  const errorCode = errorCodeOf(err);
  ingest.options.metrics?.unavailable.inc({ errorCode });
  const expected =
    err instanceof UnavailableError ||
    (typeof err === 'object' && err !== null && 'retriable' in err && err.retriable === true);
  const line = {
    errorCode,
    err: describeError(err),
    trigger: header.trigger,
    messageControlId: loggableId(header.messageControlId),
  };
  if (expected) log.warn(line, 'message not accepted now (AR)');
  else
    log.error(
      { ...line, stack: err instanceof Error ? err.stack : undefined },
      'message not accepted: internal error (AR)',
    );
  return { header, ack: acknowledgementOf(err), status: 'unavailable', events: NO_EVENTS, errorCode };
}

/** The source of a message that may not have a valid header. */
function lenientSource(ingest: Hl7Ingest, header: AckHeader, sender: AuthenticatedSender | null): Source {
  const { settings } = ingest.options.mapping;
  let orgCode: string;
  try {
    orgCode = sender?.orgCode ?? orgCodeOf(header.sendingFacility, settings);
  } catch {
    orgCode = settings.defaultOrgCode ?? (header.sendingFacility.toUpperCase() || 'UNKNOWN');
  }
  return {
    channel: 'HL7V2',
    system: loggableId(header.sendingApplication) || 'UNKNOWN',
    orgCode: loggableId(orgCode) ?? 'UNKNOWN',
    messageId: loggableId(header.messageControlId) || null,
  };
}
