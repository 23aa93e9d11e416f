import { trimEndOf } from '../text-trim';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP proxy on 127.0.0.1 in front of the registry that counts the requests reaching it, by
 * "METHOD /path" with ids and subjects folded (so a cache stampede shows as a count, not a list).
 */
export interface CountingProxy {
  /** The registry's base URL as seen through the proxy (same path as the target's). */
  readonly url: string;
  readonly counts: Map<string, number>;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

const fold = (method: string, path: string): string =>
  `${method} ${path
    .replace(/\/schemas\/ids\/\d+/, '/schemas/ids/{id}')
    .replace(/\/(subjects|config)\/[^/?]+/, '/$1/{subject}')}`;

export const startCountingProxy = async (targetBase: string): Promise<CountingProxy> => {
  const target = new URL(targetBase);
  const counts = new Map<string, number>();
  const server: Server = createServer((incoming, outgoing) => {
    const key = fold(incoming.method ?? 'GET', incoming.url ?? '/');
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(error.message);
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${trimEndOf(target.pathname, '/')}`,
    counts,
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    reset: () => counts.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
};

/** A server that accepts connections and never answers: a registry that hangs. */
export const startSilentServer = async (): Promise<{ readonly url: string; close(): Promise<void> }> => {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/apis/ccompat/v7`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
};
