import { HubError, UnavailableError } from '@homefirst/runtime';
import {
  BadRequestError,
  FhirValidationError,
  NotSupportedError,
  PayloadTooLargeError,
  UnparseableError,
  type IssueType,
} from '../errors';
import { HUB_CODE_SYSTEM } from '../mapping/vocabulary';

/**
 * OperationOutcome, the one error currency of the FHIR edge (as in Medplum): `outcomeOf` is the only place
 * an error becomes an HTTP status and a body. Diagnostics name elements, never patient data.
 */

export interface IssueDetails {
  readonly coding: ReadonlyArray<{ readonly system: string; readonly code: string }>;
}

export interface OperationOutcomeIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: IssueType;
  /** The hub's error code (CodeSystem Homefirst-ErrorCode): stable, for machines. */
  readonly details?: IssueDetails;
  readonly diagnostics?: string;
  /** R4 marks `location` deprecated in favour of `expression`; both carry the FHIRPath for older clients. */
  readonly location?: readonly string[];
  readonly expression?: readonly string[];
}

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly OperationOutcomeIssue[];
}

export interface HttpOutcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly outcome: OperationOutcome;
}

/** Seconds a sender should wait before resending after a 503. */
export const RETRY_AFTER_SECONDS = 10;

const at = (path: string | null): Pick<OperationOutcomeIssue, 'location' | 'expression'> =>
  path === null || path === '' ? {} : { location: [path], expression: [path] };

const coded = (code: string): IssueDetails => ({
  coding: [{ system: HUB_CODE_SYSTEM.errorCode, code }],
});

const single = (
  status: number,
  code: IssueType,
  errorCode: string,
  diagnostics: string,
  path: string | null = null,
  headers: Record<string, string> = {},
): HttpOutcome => ({
  status,
  headers,
  outcome: {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: coded(errorCode), diagnostics, ...at(path) }],
  },
});

/** Anything thrown while serving a request → the HTTP status and OperationOutcome the sender gets. */
export function outcomeOf(err: unknown): HttpOutcome {
  if (err instanceof FhirValidationError) {
    return {
      status: 422,
      headers: {},
      outcome: {
        resourceType: 'OperationOutcome',
        issue: err.issues.map((i) => ({
          severity: 'error',
          code: i.type,
          details: coded(err.code),
          diagnostics: `${i.path}: ${i.message}`,
          ...at(i.path),
        })),
      },
    };
  }
  if (err instanceof UnavailableError || (isCoded(err) && err.retriable)) {
    return single(
      503,
      'transient',
      isCoded(err) ? err.code : 'UNAVAILABLE',
      'The hub cannot store the message right now; nothing was accepted. Resend it unchanged later.',
      null,
      { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
  if (err instanceof UnparseableError) return single(400, 'structure', err.code, err.message, err.path);
  if (err instanceof BadRequestError) return single(400, 'invalid', err.code, err.message, err.path);
  if (err instanceof PayloadTooLargeError) return single(413, 'too-costly', err.code, err.message);
  if (err instanceof NotSupportedError) return single(err.status, 'not-supported', err.code, err.message);
  if (err instanceof HubError) {
    switch (err.code) {
      case 'UNSUPPORTED_MEDIA_TYPE':
        return single(415, 'not-supported', err.code, err.message);
      case 'UNAUTHENTICATED':
        return single(401, 'login', err.code, err.message, null, {
          'www-authenticate': 'Bearer realm="homefirst-fhir"',
        });
      case 'VALIDATION_FAILED':
        return single(422, 'invalid', err.code, err.message);
    }
  }
  if (isCoded(err) && err.code === 'INVALID_NHS_NUMBER')
    return single(422, 'value', err.code, 'Not a valid NHS number (10 digits, modulus 11 check)');
  // Unknown errors are ours: 500, never a silent 4xx, and no internals in the body.
  return single(
    500,
    'exception',
    isCoded(err) ? err.code : 'INTERNAL',
    'The hub failed to process the message.',
  );
}

/** Every layer's errors (the contract's too) are HubErrors: one currency. */
const isCoded = (err: unknown): err is HubError => err instanceof HubError;

/** An informational OperationOutcome (successful requests). */
export const information = (
  ...issues: ReadonlyArray<{
    readonly code: IssueType;
    readonly diagnostics: string;
    readonly path?: string;
    readonly severity?: 'information' | 'warning';
  }>
): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: issues.map((i) => ({
    severity: i.severity ?? 'information',
    code: i.code,
    diagnostics: i.diagnostics,
    ...at(i.path ?? null),
  })),
});
