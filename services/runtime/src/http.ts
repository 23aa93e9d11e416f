import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger';
import { collectProcessMetrics, metricsRegistry } from './metrics';
import { checkReadiness, type ReadinessCheck } from './readiness';

export interface OpsServerOptions {
  /** 0 lets the OS choose; the bound port is returned. */
  readonly port: number;
  /** Defaults to all interfaces, so a cluster's probes and scrapers reach it. */
  readonly host?: string;
  readonly logger: Logger;
  /** Named readiness checks, e.g. `{ kafka: …, redis: … }`. */
  readonly checks?: Readonly<Record<string, ReadinessCheck>>;
  /** Per check; defaults to 2 s. */
  readonly checkTimeoutMs?: number;
}

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

/**
 * The operations endpoints every process serves: `/healthz` (alive), `/readyz` (dependencies
 * answer; 503 names the failing check and why) and `/metrics` (Prometheus text).
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { logger, checks = {}, checkTimeoutMs = 2_000 } = options;
  collectProcessMetrics();

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(request.url ?? '/', 'http://ops').pathname;
    switch (path) {
      case '/healthz':
        return sendJson(response, 200, { status: 'ok' });
      case '/readyz': {
        const report = await checkReadiness(checks, checkTimeoutMs);
        if (report.status === 'fail') logger.warn({ readiness: report }, 'not ready');
        return sendJson(response, report.status === 'ok' ? 200 : 503, report);
      }
      case '/metrics': {
        const body = await metricsRegistry.metrics();
        response.writeHead(200, { 'content-type': metricsRegistry.contentType });
        response.end(body);
        return;
      }
      default:
        return sendJson(response, 404, { status: 'not found' });
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((err: unknown) => {
      logger.error({ err, path: request.url }, 'ops endpoint failed');
      if (!response.headersSent) sendJson(response, 500, { status: 'error' });
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo; // listening on TCP, so never a pipe name or null
  logger.info({ port }, 'ops server listening');

  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
