/**
 * The one error currency of the hub (style.md habit 1): every error says what went wrong (`code`) and
 * whether trying the same thing again later may succeed (`retriable`), so callers retry only what can
 * heal (a registry outage, not a malformed event). It lives in the contract because the contract's own
 * errors (below) are its first users; `@homefirst/runtime` re-exports it with the process-level kinds
 * (ConfigError, ValidationError, UnavailableError…) and every edge maps it to its outside format once.
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

/**
 * The errors of the contract layer (registry, codec, event validation, NHS number): HubErrors like any
 * other, grouped so an edge can tell a contract failure from its own refusals where the answer differs.
 */
export class ContractError extends HubError {}

/** The registry could not be reached or answered 5xx / 429. Nothing was encoded or decoded. Retry with backoff. */
export class RegistryUnavailableError extends ContractError {
  constructor(operation: string, cause: unknown) {
    super(`Schema registry unavailable while trying to ${operation}`, {
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
      cause,
    });
  }
}

/** The message names a schema id the registry does not know: written against another registry, or corrupt. */
export class UnknownSchemaIdError extends ContractError {
  constructor(
    readonly schemaId: number,
    registryUrl: string,
    cause?: unknown,
  ) {
    super(`Schema id ${schemaId} is not known to the registry at ${registryUrl}`, {
      code: 'UNKNOWN_SCHEMA_ID',
      retriable: false,
      cause,
    });
  }
}

/** The registry refused a schema (HTTP 409: incompatible with earlier versions under the subject's compatibility level). */
export class IncompatibleSchemaError extends ContractError {
  constructor(
    readonly subject: string,
    detail: string,
  ) {
    super(`Schema for subject ${subject} is incompatible with its earlier versions: ${detail}`, {
      code: 'INCOMPATIBLE_SCHEMA',
      retriable: false,
    });
  }
}

/** Any other refusal by the registry (4xx), e.g. an invalid schema or a subject that does not exist. */
export class RegistryRequestError extends ContractError {
  constructor(
    readonly status: number,
    operation: string,
    detail: string,
  ) {
    super(`Schema registry answered ${status} to ${operation}: ${detail}`, {
      code: 'REGISTRY_REQUEST_REJECTED',
      retriable: false,
    });
  }
}

/** Bytes that are not a Confluent-framed Avro message. */
export class MalformedMessageError extends ContractError {
  constructor(detail: string, cause?: unknown) {
    super(`Not a Confluent wire-format Avro message: ${detail}`, {
      code: 'MALFORMED_MESSAGE',
      retriable: false,
      cause,
    });
  }
}

/** A message whose writer schema this build cannot read (a newer producer, or another topic's schema). Upgrade; do not dead-letter. */
export class UnreadableSchemaError extends ContractError {
  constructor(
    readonly schemaId: number,
    detail: string,
    cause?: unknown,
  ) {
    super(`Schema id ${schemaId} cannot be read by this build: ${detail}`, {
      code: 'UNREADABLE_SCHEMA',
      retriable: false,
      cause,
    });
  }
}

/** An event that does not match its topic's schema; `paths` name the offending fields. */
export class InvalidEventError extends ContractError {
  constructor(
    readonly topic: string,
    readonly paths: readonly string[],
    cause?: unknown,
  ) {
    super(`Event does not match the schema of ${topic}: invalid ${paths.join(', ') || 'value'}`, {
      code: 'INVALID_EVENT',
      retriable: false,
      cause,
    });
  }
}

/** Not a valid NHS number (10 digits with a modulus-11 check digit). The number itself is never in the message. */
export class InvalidNhsNumberError extends ContractError {
  constructor() {
    super('Not a valid NHS number (10 digits, modulus 11 check)', {
      code: 'INVALID_NHS_NUMBER',
      retriable: false,
    });
  }
}
