import { Webhook } from 'standardwebhooks';
import { outcomeOfStatus, type AttemptOutcome } from '../core/outcome';

/** One signed webhook to send: the id is the feed event's eventId (receivers dedupe on it). */
export interface SignedRequest {
  readonly url: string;
  readonly secret: string;
  readonly webhookId: string;
  readonly body: string;
}

/**
 * The Standard Webhooks headers for a body, signed with the subscription's `whsec_` secret by the
 * reference library: `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`).
 */
export function signedHeaders(
  request: Pick<SignedRequest, 'secret' | 'webhookId' | 'body'>,
  now: Date,
): Record<string, string> {
  const signature = new Webhook(request.secret).sign(request.webhookId, now, request.body);
  return {
    'content-type': 'application/json',
    'webhook-id': request.webhookId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

// Errors are read by shape, not instanceof: fetch's errors may come from another realm (a test sandbox).
const fieldOf = (value: unknown, field: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;

/** The error code of a failed fetch (ECONNREFUSED, ENOTFOUND, …), never its message. */
const codeOf = (error: unknown): string => {
  const code = fieldOf(fieldOf(error, 'cause'), 'code');
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : 'network';
};

/**
 * POSTs one webhook, signed at send time (a retry gets a fresh timestamp, as receivers reject stale ones).
 * Redirects are not followed; the response body is read and thrown away (it never reaches a log).
 */
export async function sendWebhook(
  request: SignedRequest,
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<AttemptOutcome> {
  const signal = abort
    ? AbortSignal.any([abort, AbortSignal.timeout(timeoutMs)])
    : AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: signedHeaders(request, new Date()),
      body: request.body,
      redirect: 'manual',
      signal,
    });
    await response.arrayBuffer().catch(() => undefined);
    return outcomeOfStatus(response.status);
  } catch (error) {
    if (abort?.aborted === true) throw error;
    const name = fieldOf(error, 'name');
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
    return { kind: 'unreachable', code: codeOf(error) };
  }
}
