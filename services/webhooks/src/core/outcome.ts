/**
 * What one delivery attempt came to. Only the status code or the failure class is kept — never the
 * receiver's response body, which could echo patient data back.
 */
export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'rejected'; readonly status: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'unreachable'; readonly code: string };

/** A 2xx is delivered; anything else (3xx too: redirects are not followed) is retried. */
export const outcomeOfStatus = (status: number): AttemptOutcome =>
  status >= 200 && status < 300 ? { kind: 'delivered', status } : { kind: 'rejected', status };

/** The reason text for the delivery log and the dead letter: `HTTP 503`, `timeout`, `unreachable ECONNREFUSED`. */
export const reasonOf = (outcome: AttemptOutcome): string => {
  switch (outcome.kind) {
    case 'delivered':
    case 'rejected':
      return `HTTP ${outcome.status}`;
    case 'timeout':
      return 'timeout';
    case 'unreachable':
      return `unreachable ${outcome.code}`;
    default:
      return outcome satisfies never;
  }
};
