import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookBody } from '../core/body';

/** How a test receiver answers: 204 (healthy), 500 (always failing), or not listening at all (down). */
export type ReceiverMode = 'healthy' | 'failing';

export interface Arrival {
  readonly webhookId: string;
  readonly eventId: string;
  readonly personKey: string;
  readonly at: number;
}

/**
 * A council's webhook endpoint for tests and the benchmark: a real HTTP server on 127.0.0.1 that verifies
 * every request's signature with the Standard Webhooks reference library before anything else, and keeps
 * what arrived (a failing one keeps its attempts too).
 */
export class WebhookReceiver {
  readonly arrivals: Arrival[] = [];
  /** Requests whose signature did not verify (must stay 0). */
  unverified = 0;
  attempts = 0;
  private server: Server | undefined;
  private verifier: Webhook | undefined;
  private portNumber = 0;

  constructor(private mode: ReceiverMode = 'healthy') {}

  /** Answers as `mode` from now on (an endpoint mended, or broken). */
  setMode(mode: ReceiverMode): void {
    this.mode = mode;
  }

  /** Set once the subscription's secret is known (before the first webhook can arrive). */
  useSecret(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}/hooks/homefirst`;
  }

  /** Webhook ids that arrived, once each (receivers dedupe on webhook-id). */
  readonly uniqueIds = new Set<string>();

  /** Listens (on the same port as before, after `down`). */
  async listen(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, '127.0.0.1', () => resolve());
    });
    this.portNumber = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: connections are refused until `listen` again. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.attempts += 1;
    if (this.verifier === undefined) {
      // Not configured yet (the secret is known once `add` answered): like any endpoint not ready, 503.
      response.writeHead(503).end();
      return;
    }
    let payload: WebhookBody;
    try {
      payload = this.verifier.verify(body, request.headers as Record<string, string>) as WebhookBody;
    } catch {
      this.unverified += 1;
      response.writeHead(401).end();
      return;
    }
    if (this.mode === 'failing') {
      response.writeHead(500).end();
      return;
    }
    this.uniqueIds.add(String(request.headers['webhook-id']));
    this.arrivals.push({
      webhookId: String(request.headers['webhook-id']),
      eventId: payload.data.eventId,
      personKey: payload.data.personKey ?? '',
      at: Date.now(),
    });
    response.writeHead(204).end();
  }
}
