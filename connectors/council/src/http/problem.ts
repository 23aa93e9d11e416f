import { HubError, problemOf as hubProblemOf, type Problem } from '@homefirst/runtime';

/**
 * The one place the REST edge turns errors into HTTP problems: runtime's problem+json dialect (RFC 9457,
 * shared with the query API) plus this edge's own refusal below. Unknown errors are 500, never a silent 4xx.
 */

/** More records in one request than the endpoint takes. */
export class TooManyRecordsError extends HubError {
  constructor(message: string) {
    super(message, { code: 'TOO_MANY_RECORDS', retriable: false });
  }
}

const COUNCIL_STATUS_BY_CODE = { TOO_MANY_RECORDS: 413 } as const;

export const problemOf = (err: unknown): Problem =>
  hubProblemOf(err, { statusByCode: COUNCIL_STATUS_BY_CODE });
