/**
 * Errors of the contract layer. Each says what went wrong (`code`) and whether trying the same thing
 * again later may succeed (`retriable`), so callers retry only what can heal: a registry outage, not a
 * malformed event.
 */
export class ContractError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The registry could not be reached or answered 5xx / 429. Nothing was encoded or decoded. Retry with backoff. */
export class RegistryUnavailableError extends ContractError {
  constructor(operation: string, cause: unknown) {
    super('REGISTRY_UNAVAILABLE', `Schema registry unavailable while trying to ${operation}`, true, {
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
    super(
      'UNKNOWN_SCHEMA_ID',
      `Schema id ${schemaId} is not known to the registry at ${registryUrl}`,
      false,
      { cause },
    );
  }
}

/** The registry refused a schema (HTTP 409: incompatible with earlier versions under the subject's compatibility level). */
export class IncompatibleSchemaError extends ContractError {
  constructor(
    readonly subject: string,
    detail: string,
  ) {
    super(
      'INCOMPATIBLE_SCHEMA',
      `Schema for subject ${subject} is incompatible with its earlier versions: ${detail}`,
      false,
    );
  }
}

/** Any other refusal by the registry (4xx), e.g. an invalid schema or a subject that does not exist. */
export class RegistryRequestError extends ContractError {
  constructor(
    readonly status: number,
    operation: string,
    detail: string,
  ) {
    super(
      'REGISTRY_REQUEST_REJECTED',
      `Schema registry answered ${status} to ${operation}: ${detail}`,
      false,
    );
  }
}

/** Bytes that are not a Confluent-framed Avro message. */
export class MalformedMessageError extends ContractError {
  constructor(detail: string, cause?: unknown) {
    super('MALFORMED_MESSAGE', `Not a Confluent wire-format Avro message: ${detail}`, false, { cause });
  }
}

/** A message whose writer schema this build cannot read (a newer producer, or another topic's schema). Upgrade; do not dead-letter. */
export class UnreadableSchemaError extends ContractError {
  constructor(
    readonly schemaId: number,
    detail: string,
    cause?: unknown,
  ) {
    super('UNREADABLE_SCHEMA', `Schema id ${schemaId} cannot be read by this build: ${detail}`, false, {
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
    super(
      'INVALID_EVENT',
      `Event does not match the schema of ${topic}: invalid ${paths.join(', ') || 'value'}`,
      false,
      { cause },
    );
  }
}

/** Not a valid NHS number (10 digits with a modulus-11 check digit). The number itself is never in the message. */
export class InvalidNhsNumberError extends ContractError {
  constructor() {
    super('INVALID_NHS_NUMBER', 'Not a valid NHS number (10 digits, modulus 11 check)', false);
  }
}
