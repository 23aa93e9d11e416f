import { HubError, ValidationError, describeError, isRetriable } from '@homefirst/runtime';

/**
 * The one place the REST edge turns errors into HTTP problems (RFC 9457, application/problem+json):
 * status, a stable code, whether to retry, and a reason. Unknown errors are 500, never a silent 4xx.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly retriable: boolean;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** No or unknown bearer token. */
export class AuthenticationError extends HubError {
  constructor(message: string) {
    super(message, { code: 'UNAUTHENTICATED', retriable: false });
  }
}

/** A valid token, used for another council's records. */
export class ForbiddenError extends HubError {
  constructor(message: string) {
    super(message, { code: 'FORBIDDEN', retriable: false });
  }
}

/** More records in one request than the endpoint takes. */
export class TooManyRecordsError extends HubError {
  constructor(message: string) {
    super(message, { code: 'TOO_MANY_RECORDS', retriable: false });
  }
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problem = (
  status: number,
  code: string,
  detail: string,
  retriable = false,
  errors?: Problem['errors'],
): Problem => ({
  type: `https://homefirst.uk/problems/${code.toLowerCase().replace(/_/g, '-')}`,
  title: TITLES[status] ?? 'Error',
  status,
  code,
  detail,
  retriable,
  ...(errors && { errors }),
});

/** Fastify's own request errors (bad JSON, wrong media type, body too large) carry a 4xx statusCode and an FST_ code. */
const isFastifyClientError = (err: unknown): err is Error & { statusCode: number; code: string } =>
  err instanceof Error &&
  'statusCode' in err &&
  typeof err.statusCode === 'number' &&
  err.statusCode >= 400 &&
  err.statusCode < 500 &&
  'code' in err &&
  typeof err.code === 'string';

export function problemOf(err: unknown): Problem {
  if (err instanceof AuthenticationError) return problem(401, err.code, err.message);
  if (err instanceof ForbiddenError) return problem(403, err.code, err.message);
  if (err instanceof TooManyRecordsError) return problem(413, err.code, err.message);
  if (err instanceof ValidationError) {
    return problem(
      400,
      err.code,
      err.message,
      false,
      err.issues.map((issue) => ({ field: issue.path, message: issue.message })),
    );
  }
  if (isFastifyClientError(err)) return problem(err.statusCode, err.code, describeError(err));
  if (isRetriable(err)) {
    return problem(
      503,
      err instanceof HubError ? err.code : 'UNAVAILABLE',
      `${describeError(err)}; nothing was accepted, send again later`,
      true,
    );
  }
  if (err instanceof HubError) return problem(500, err.code, describeError(err));
  return problem(500, 'INTERNAL', 'unexpected error; nothing was accepted');
}
