import { HubError, ValidationError, isRetriable } from '../errors';
import { problem, type Problem } from './problem';

/**
 * The one mapping from anything thrown to a problem (RFC 9457). An edge calls it from its error handler
 * and adds the statuses of its own codes; everything else is decided here:
 * - the hub's refusals: UNAUTHENTICATED 401, FORBIDDEN 403, NOT_FOUND 404, VALIDATION_FAILED 400 (with
 *   the fields at fault);
 * - the HTTP framework's own refusals (bad JSON, wrong media type, schema, rate limit): their 4xx status;
 * - retriable errors (Kafka, Redis, the registry away): 503, `retriable: true`;
 * - anything else is ours: 500 with no internals in the body — never a silent 4xx.
 */

/** Statuses of the hub's own refusals (non-retriable HubError codes). */
export const PROBLEM_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
};

export interface ProblemMapping {
  /** Statuses of the edge's own error codes, e.g. `{ TOO_MANY_RECORDS: 413 }`. */
  readonly statusByCode?: Readonly<Record<string, number>>;
}

export const UNAVAILABLE_DETAIL =
  'a dependency of the hub is unavailable; nothing was changed, send the request again later';
export const INTERNAL_DETAIL = 'unexpected error; nothing was changed and the error has been logged';

/** A framework refusal of the request itself (Fastify: a 4xx `statusCode`, an FST_ `code`, `validation`). */
interface ClientRefusal {
  readonly statusCode: number;
  readonly code: string | undefined;
  readonly message: string;
  readonly schemaInvalid: boolean;
}

function clientRefusalOf(err: unknown): ClientRefusal | undefined {
  if (!(err instanceof Error) || !('statusCode' in err) || typeof err.statusCode !== 'number')
    return undefined;
  if (err.statusCode < 400 || err.statusCode >= 500) return undefined;
  return {
    statusCode: err.statusCode,
    code: 'code' in err && typeof err.code === 'string' ? err.code : undefined,
    message: err.message,
    schemaInvalid: 'validation' in err && err.validation !== undefined,
  };
}

export function problemOf(err: unknown, mapping: ProblemMapping = {}): Problem {
  if (err instanceof HubError && !err.retriable) {
    const status = mapping.statusByCode?.[err.code] ?? PROBLEM_STATUS_BY_CODE[err.code];
    if (status !== undefined) {
      const errors =
        err instanceof ValidationError
          ? err.issues.map((issue) => ({ field: issue.path, message: issue.message }))
          : undefined;
      return problem(status, err.code, err.message, errors === undefined ? {} : { errors });
    }
  }
  const refusal = clientRefusalOf(err);
  if (refusal !== undefined) {
    if (refusal.schemaInvalid) return problem(400, 'INVALID_REQUEST', refusal.message);
    if (refusal.statusCode === 429) return problem(429, 'RATE_LIMITED', refusal.message, { retriable: true });
    return problem(refusal.statusCode, refusal.code ?? 'BAD_REQUEST', refusal.message);
  }
  if (isRetriable(err))
    return problem(503, err instanceof HubError ? err.code : 'UNAVAILABLE', UNAVAILABLE_DETAIL, {
      retriable: true,
    });
  return problem(500, err instanceof HubError ? err.code : 'INTERNAL', INTERNAL_DETAIL);
}
