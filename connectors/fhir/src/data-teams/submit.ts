import { randomUUID } from 'node:crypto';
import { HubError } from '@homefirst/runtime';
import type { DeadLetterEvent, RawEvent } from '@homefirst/schemas';
import { parseSubmission, type ParseOptions } from '../fhir/parse';
import { stageOf } from '../http/server';
import type { FhirIngest, IngestReport } from '../ingest/fhir-ingest';

/** Parse options without the per-request default system. */
export type FhirParseSettings = Omit<ParseOptions, 'defaultSystem'>;

/** What one stored input (a raw record or a dead letter) did when submitted again. */
export type Resubmitted =
  | { readonly kind: 'accepted'; readonly report: IngestReport }
  | { readonly kind: 'refused'; readonly errorCode: string; readonly reason: string; readonly dead: boolean }
  | { readonly kind: 'unavailable'; readonly errorCode: string; readonly reason: string };

/**
 * The FHIR endpoint's submission path for a stored input, as `POST [base]` takes it (any accepted Bundle, an
 * Encounter or a Patient; the route of the original request is not stored): parse → `ingest.submit` → the
 * report; a refusal is dead-lettered as the endpoint does (`ingest.reject`, when it got as far as a stage)
 * when `deadLetter` is set. The trust is the stored input's organisation (live: its token's).
 */
export async function resubmit(
  ingest: FhirIngest,
  stored: RawEvent | DeadLetterEvent,
  parse: FhirParseSettings,
  options: { readonly deadLetter: boolean; readonly receivedAt: Date },
): Promise<Resubmitted> {
  const body = stored.type === 'RawMessageReceived' ? stored.payload.body : stored.payload.input;
  const contentType = stored.payload.contentType || 'application/fhir+json';
  const { orgCode, system } = stored.source;
  const correlationId = randomUUID();
  let messageId = stored.source.messageId ?? '';
  try {
    const submission = parseSubmission(body, { kind: 'base' }, { ...parse, defaultSystem: system });
    messageId = submission.messageId;
    const report = await ingest.submit({
      submission,
      body,
      contentType,
      orgCode,
      transport: 'HTTP',
      correlationId,
      receivedAt: options.receivedAt,
    });
    return { kind: 'accepted', report };
  } catch (err) {
    const errorCode = err instanceof HubError ? err.code : 'INTERNAL';
    // The hub's own messages name elements and rules only; anything else may quote the input.
    const reason = err instanceof HubError ? err.message : 'unexpected error';
    const stage = stageOf(err);
    if (stage === null && err instanceof HubError && err.retriable)
      return { kind: 'unavailable', errorCode, reason };
    if (options.deadLetter && stage !== null) {
      const error =
        err instanceof HubError
          ? err
          : new HubError('The hub failed to map the message', {
              code: errorCode,
              retriable: true,
              cause: err,
            });
      await ingest.reject({
        body,
        contentType,
        orgCode,
        system,
        messageId,
        transport: 'HTTP',
        correlationId,
        receivedAt: options.receivedAt,
        stage,
        error,
      });
    }
    return { kind: 'refused', errorCode, reason, dead: stage !== null };
  }
}

/** The events a report says were written (their types; the events themselves are the publisher's). */
export const eventCount = (report: IngestReport): number =>
  report.units.reduce((n, unit) => n + unit.events.length, 0);
