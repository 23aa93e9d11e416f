/**
 * The error kinds every process uses, on the hub's one base (HubError: `code`, `retriable`, `cause`).
 * Edges map them to their outside format (problem+json, HL7 ACK, OperationOutcome) in one place each.
 */

import { HubError } from '@homefirst/schemas';

// The base lives in the contract (schemas imports nothing; runtime imports schemas), so the contract's own
// errors (registry unavailable, invalid event…) and the process-level kinds below are one currency.
export { HubError };
export type { HubErrorOptions } from '@homefirst/schemas';

/** The process environment is wrong. Fix the deployment; retrying will not help. */
export class ConfigError extends HubError {
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { ...options, code: 'CONFIG_INVALID', retriable: false });
  }
}

export interface ValidationIssue {
  /** Where in the input, e.g. `PID-3` or `entry[0].resource.subject`. */
  readonly path: string;
  readonly message: string;
}

/** The input is wrong. Resending the same input will fail the same way. */
export class ValidationError extends HubError {
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    issues: readonly ValidationIssue[],
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, { ...options, code: 'VALIDATION_FAILED', retriable: false });
    this.issues = issues;
  }
}

/** A dependency (Kafka, Redis, the registry…) cannot take the request now; the same request may succeed later. */
export class UnavailableError extends HubError {
  readonly dependency: string;

  constructor(message: string, options: { readonly dependency: string; readonly cause?: unknown }) {
    const { dependency, ...rest } = options;
    super(message, { ...rest, code: 'UNAVAILABLE', retriable: true });
    this.dependency = dependency;
  }
}

/** No usable credentials (missing, unknown or invalid token). Edges answer 401 / their equivalent. */
export class UnauthenticatedError extends HubError {
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, { ...options, code: 'UNAUTHENTICATED', retriable: false });
  }
}

/** Authenticated, but this role or organisation may not do or see this. Edges answer 403. */
export class ForbiddenError extends HubError {
  constructor(message: string) {
    super(message, { code: 'FORBIDDEN', retriable: false });
  }
}

/** The thing asked for does not exist (or not within the caller's scope). Edges answer 404. */
export class NotFoundError extends HubError {
  constructor(message: string) {
    super(message, { code: 'NOT_FOUND', retriable: false });
  }
}

/** Programming errors: a retry runs the same broken code again. */
const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError] as const;

/**
 * Whether trying the same operation again could succeed.
 * - programming errors (TypeError and friends) never are, whatever they claim;
 * - a HubError says so itself;
 * - kafkajs errors carry `retriable`; only `retriable === true` counts;
 * - anything else unknown is not retried (fail loudly rather than loop).
 */
export function isRetriable(err: unknown): boolean {
  if (PROGRAMMING_ERRORS.some((type) => err instanceof type)) return false;
  if (err instanceof HubError) return err.retriable;
  return typeof err === 'object' && err !== null && 'retriable' in err && err.retriable === true;
}

/** A short, safe description of anything thrown, for logs and readiness answers. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : `non-error thrown: ${typeof err}`;
}
