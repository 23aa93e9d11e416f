import { HubError, UnavailableError, retry, trimEndOf, type RetryOptions } from '@homefirst/runtime';
import type { Channel } from '../feed/plan';
import type { WireMessage } from '../render/wire';
import { MllpConnection, parseAck, type MllpSenderTls } from './mllp-client';

/**
 * The hub's three inbound edges as a sender sees them, and the one place per edge where an answer
 * becomes an outcome:
 *   MLLP    AA → accepted · AE → rejected (the message must be fixed) · AR, no ACK, connection lost → retry
 *   FHIR    2xx → accepted · 400/404/409/413/415/422 → rejected · 429, 5xx, network → retry · 401/403 → stop
 *   council 200 → the record's own status (accepted / duplicate / rejected) · 422 → rejected · 400 → rejected
 *           · 429, 5xx, network → retry · 401/403 → stop
 * Retries back off exponentially with jitter (runtime `retry`); when they run out the message is `failed`.
 */

export type Verdict = 'accepted' | 'duplicate' | 'rejected' | 'failed';

export interface SendOutcome {
  readonly verdict: Verdict;
  /** The answer: AA / AE / AR, or the HTTP status. */
  readonly code: string;
  /** Why, for rejections (the edges' texts carry no patient identifiers). */
  readonly detail: string;
  readonly attempts: number;
}

export interface Edge {
  readonly channel: Channel;
  /** One try; throws a retriable error for "later", a non-retriable one for "stop". */
  attempt(message: WireMessage): Promise<Omit<SendOutcome, 'attempts'>>;
  close(): void;
}

/** The credentials are wrong: every further message would fail the same way. */
export class EdgeAuthorisationError extends HubError {
  constructor(message: string) {
    super(message, { code: 'EDGE_UNAUTHORISED', retriable: false });
  }
}

export interface RetryPolicy extends Omit<RetryOptions, 'onRetry'> {
  readonly onRetry?: (err: unknown, retry: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 8, initialDelayMs: 250, maxDelayMs: 15_000, factor: 2 };

/** Sends one message through an edge, retrying what the edge says may succeed later. */
export async function deliver(
  edge: Edge,
  message: WireMessage,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<SendOutcome> {
  let attempts = 0;
  try {
    const outcome = await retry(() => {
      attempts += 1;
      return edge.attempt(message);
    }, policy);
    return { ...outcome, attempts };
  } catch (err) {
    if (!(err instanceof UnavailableError)) throw err;
    return { verdict: 'failed', code: err.code, detail: err.message, attempts };
  }
}

export class MllpEdge implements Edge {
  readonly channel = 'HL7V2';
  private readonly connection: MllpConnection;

  /** `tls`: the trust's client certificate (the hub's listener requires one unless run in plaintext). */
  constructor(host: string, port: number, ackTimeoutMs = 30_000, tls: MllpSenderTls | null = null) {
    this.connection = new MllpConnection(host, port, ackTimeoutMs, tls);
  }

  async attempt(message: WireMessage): Promise<Omit<SendOutcome, 'attempts'>> {
    const ack = parseAck(await this.connection.send(message.body));
    if (ack === null) throw new UnavailableError('the answer was not an HL7 ACK', { dependency: 'mllp' });
    if (ack.controlId !== message.messageId) {
      // The connection is out of step (a late ACK of an earlier try): start afresh.
      this.connection.close();
      throw new UnavailableError('the ACK answers another message', { dependency: 'mllp' });
    }
    switch (ack.code) {
      case 'AA':
      case 'CA':
        return { verdict: 'accepted', code: 'AA', detail: '' };
      case 'AE':
      case 'CE':
        return { verdict: 'rejected', code: 'AE', detail: ack.text };
      default:
        throw new UnavailableError(`AR: ${ack.text || 'rejected, send again later'}`, { dependency: 'mllp' });
    }
  }

  close(): void {
    this.connection.close();
  }
}

const REJECTED_STATUSES = new Set([400, 404, 405, 409, 410, 413, 415, 422]);

abstract class HttpEdge implements Edge {
  abstract readonly channel: Channel;

  constructor(
    protected readonly url: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async attempt(message: WireMessage): Promise<Omit<SendOutcome, 'attempts'>> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': message.contentType,
          accept: message.contentType,
          authorization: `Bearer ${this.token}`,
          'x-correlation-id': message.messageId,
        },
        body: message.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new UnavailableError(
        `cannot reach ${this.url}: ${err instanceof Error ? err.message : String(err)}`,
        {
          dependency: this.channel,
          cause: err,
        },
      );
    }
    const text = await response.text();
    const status = response.status;
    if (status === 401 || status === 403)
      throw new EdgeAuthorisationError(
        `${this.url} answered ${status}: check the demo's token for this edge`,
      );
    if (status === 429 || status >= 500)
      throw new UnavailableError(`${this.url} answered ${status}`, { dependency: this.channel });
    if (REJECTED_STATUSES.has(status))
      return { verdict: 'rejected', code: String(status), detail: reasonOf(text) };
    if (status >= 200 && status < 300) return this.success(status, text);
    throw new UnavailableError(`${this.url} answered ${status}`, { dependency: this.channel });
  }

  protected success(status: number, _body: string): Omit<SendOutcome, 'attempts'> {
    return { verdict: 'accepted', code: String(status), detail: '' };
  }

  close(): void {}
}

export class FhirEdge extends HttpEdge {
  readonly channel = 'FHIR';

  /** POST {base}/fhir: the hub's FHIR base takes message Bundles. */
  constructor(baseUrl: string, token: string, timeoutMs?: number) {
    super(`${trimEndOf(baseUrl, '/')}/fhir`, token, timeoutMs);
  }
}

export class CouncilEdge extends HttpEdge {
  readonly channel = 'COUNCIL';

  constructor(baseUrl: string, token: string, timeoutMs?: number) {
    super(`${trimEndOf(baseUrl, '/')}/council/v1/records`, token, timeoutMs);
  }

  /** One record per request: its status in `results` is the outcome. */
  protected override success(status: number, body: string): Omit<SendOutcome, 'attempts'> {
    const summary = parseJson(body) as {
      accepted?: unknown;
      duplicates?: unknown;
      rejected?: unknown;
    } | null;
    if (summary !== null && typeof summary.duplicates === 'number' && summary.duplicates > 0)
      return { verdict: 'duplicate', code: String(status), detail: '' };
    if (summary !== null && typeof summary.rejected === 'number' && summary.rejected > 0)
      return { verdict: 'rejected', code: String(status), detail: reasonOf(body) };
    return { verdict: 'accepted', code: String(status), detail: '' };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A short reason from an OperationOutcome or problem+json body. */
function reasonOf(body: string): string {
  const json = parseJson(body) as {
    issue?: { diagnostics?: unknown }[];
    detail?: unknown;
    results?: { errors?: { field?: unknown; message?: unknown }[] }[];
  } | null;
  const diagnostics = json?.issue?.[0]?.diagnostics;
  if (typeof diagnostics === 'string') return diagnostics.slice(0, 300);
  const error = json?.results?.[0]?.errors?.[0];
  if (error && typeof error.message === 'string')
    return `${String(error.field)}: ${error.message}`.slice(0, 300);
  if (typeof json?.detail === 'string') return json.detail.slice(0, 300);
  return body.slice(0, 120);
}
