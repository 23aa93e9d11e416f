import type { FastifyInstance } from 'fastify';
import type { ReadModelReader } from '../reader';
import { principalOf } from '../server';

/**
 * Live updates as server-sent events: `event: change` whenever the read models change (no patient data
 * in the stream — the board re-reads through the authorised endpoints), and a comment heartbeat every
 * 15 s so proxies keep the connection open.
 */
export function registerStreamRoute(app: FastifyInstance, reader: ReadModelReader): void {
  app.get(
    '/api/v1/stream',
    {
      schema: {
        summary: 'Server-sent events: `change` whenever the read models change',
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      principalOf(request); // authenticated by the /api hook
      const abort = new AbortController();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(`event: ready\ndata: {"at":"${new Date().toISOString()}"}\n\n`);
      const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
      const close = (): void => {
        clearInterval(heartbeat);
        abort.abort();
        res.end();
      };
      request.raw.on('close', close);
      reader
        .changes(
          () => res.write(`event: change\ndata: {"at":"${new Date().toISOString()}"}\n\n`),
          abort.signal,
        )
        .catch((err: unknown) => {
          request.log.warn({ err }, 'change feed ended');
          close();
        });
    },
  );
}
