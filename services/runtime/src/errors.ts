/**
 * One error currency for every process (style.md habit 1): each error says what went wrong (`code`)
 * and whether trying again could help (`retriable`). Edges map these to their outside format
 * (HTTP status, HL7 ACK code, OperationOutcome) in one place each.
 */

export interface HubErrorOptions {
  readonly code: string;
  readonly retriable: boolean;
  readonly cause?: unknown;
}

export class HubError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  // Set by Error itself from the standard `cause` option; `declare` so no class field overwrites it.
  declare readonly cause?: unknown;

  constructor(message: string, options: HubErrorOptions) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    // Non-enumerable like Error.prototype.name, so log serializers show `type` and do not copy it.
    Object.defineProperty(this, 'name', {
      value: new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
    this.code = options.code;
    this.retriable = options.retriable;
  }
}

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
