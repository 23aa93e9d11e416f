import { HubError, UnauthenticatedError, ValidationError, type ValidationIssue } from '@homefirst/runtime';

/**
 * The FHIR edge's errors, all in the runtime's currency (code + retriable). Exactly one function turns
 * them into an HTTP status and an OperationOutcome: `outcomeOf` in outcome/operation-outcome.ts.
 * Messages never contain patient identifiers: they name the element, not its value.
 */

/** OperationOutcome.issue.code values the connector uses (FHIR R4 IssueType). */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'code-invalid'
  | 'business-rule'
  | 'not-supported'
  | 'too-costly'
  | 'too-long'
  | 'login'
  | 'transient'
  | 'exception'
  | 'informational'
  | 'duplicate'
  | 'incomplete'
  | 'not-found';

/** A validation issue with the FHIR issue type; `path` is a FHIRPath such as `Encounter.subject.identifier.value`. */
export interface FhirIssue extends ValidationIssue {
  readonly type: IssueType;
}

/** The content is well-formed JSON but not acceptable FHIR for the hub: 422, the sender fixes it. */
export class FhirValidationError extends ValidationError {
  declare readonly issues: readonly FhirIssue[];

  constructor(issues: readonly FhirIssue[], options: { readonly cause?: unknown } = {}) {
    const first = issues[0];
    super(
      first
        ? `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
        : 'invalid content',
      issues,
      options,
    );
  }
}

/** The body is not JSON, or not a FHIR resource at all: 400. */
export class UnparseableError extends HubError {
  constructor(
    message: string,
    readonly path: string | null = null,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, { ...options, code: 'FHIR_UNPARSEABLE', retriable: false });
  }
}

/** A request the endpoint does not serve in this form (wrong resource type for the URL, id mismatch…): 400. */
export class BadRequestError extends HubError {
  constructor(
    message: string,
    readonly path: string | null = null,
  ) {
    super(message, { code: 'FHIR_BAD_REQUEST', retriable: false });
  }
}

/** Content-Type is neither application/fhir+json nor application/json: 415. */
export class UnsupportedMediaTypeError extends HubError {
  constructor(readonly contentType: string) {
    // The header's value is not echoed: a sender can put anything there.
    super(
      `${contentType ? 'This Content-Type' : 'A missing Content-Type'} is not supported: send application/fhir+json`,
      {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        retriable: false,
      },
    );
  }
}

/** Body larger than HOMEFIRST_FHIR_MAX_BODY_BYTES: 413. */
export class PayloadTooLargeError extends HubError {
  constructor(readonly limitBytes: number) {
    super(`Body larger than ${limitBytes} bytes`, { code: 'PAYLOAD_TOO_LARGE', retriable: false });
  }
}

/** No or unknown bearer token: 401 (runtime's UnauthenticatedError, the hub's one definition). */
export { UnauthenticatedError };

/** What a sender without a usable token is told. */
export const TOKEN_REQUIRED = 'A bearer token issued to your trust is required (Authorization: Bearer …)';

/** A path or method the endpoint does not offer: 404 / 405. */
export class NotSupportedError extends HubError {
  constructor(
    message: string,
    readonly status: 404 | 405,
  ) {
    super(message, { code: status === 404 ? 'NOT_FOUND' : 'METHOD_NOT_ALLOWED', retriable: false });
  }
}

/** Shorthand for one FhirIssue. */
export const issue = (path: string, message: string, type: IssueType = 'invalid'): FhirIssue => ({
  path,
  message,
  type,
});
