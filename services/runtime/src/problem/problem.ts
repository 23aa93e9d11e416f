/**
 * The hub's one HTTP error dialect: RFC 9457 problem details (`type`, `title`, `status`, `detail`,
 * `instance`) plus three extension members every edge fills the same way — `code` (stable, for
 * machines), `retriable` (whether sending the same request later may succeed) and, for input errors,
 * `errors` (which field, what is wrong; never the value). Shared by the query API and the council edge.
 */

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Problem types are URIs under this base, one per code: `…/problems/too-many-records`. */
export const PROBLEM_TYPE_BASE = 'https://homefirst.nhs.uk/problems/';

export interface ProblemFieldError {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request this occurrence belongs to, when the edge knows it (e.g. the correlation id as a URN). */
  readonly instance?: string;
  readonly code: string;
  readonly retriable: boolean;
  readonly errors?: readonly ProblemFieldError[];
}

/** RFC 9110 reason phrases of the statuses the hub answers with. */
const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problemTypeOf = (code: string): string =>
  `${PROBLEM_TYPE_BASE}${code.toLowerCase().replaceAll('_', '-')}`;

export interface ProblemExtras {
  readonly retriable?: boolean;
  readonly errors?: readonly ProblemFieldError[];
  readonly instance?: string;
}

/** Builds one problem; `retriable` defaults to false. */
export function problem(status: number, code: string, detail: string, extras: ProblemExtras = {}): Problem {
  return {
    type: problemTypeOf(code),
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    ...(extras.instance !== undefined && { instance: extras.instance }),
    code,
    retriable: extras.retriable ?? false,
    ...(extras.errors !== undefined && { errors: extras.errors }),
  };
}

/** Seconds a client should wait before retrying after a 503. */
export const PROBLEM_RETRY_AFTER_SECONDS = 5;

/**
 * The headers that go with a problem: the authentication challenge with a 401 (RFC 9110 requires one),
 * Retry-After with a 503.
 */
export function problemHeaders(body: Problem, realm: string): Readonly<Record<string, string>> {
  if (body.status === 401) return { 'www-authenticate': `Bearer realm="${realm}"` };
  if (body.status === 503) return { 'retry-after': String(PROBLEM_RETRY_AFTER_SECONDS) };
  return {};
}
