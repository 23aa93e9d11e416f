import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * A benchmark's HTTP senders, in a worker thread (http-load-worker.ts): in production the senders (trusts'
 * interface engines, councils' systems) are other machines, so their HTTP client must not share the
 * connector's event loop. POSTs each body with `concurrency` keep-alive connections and reports each
 * request's latency (ms) in order. Imported only by the worker: it starts work when loaded in one.
 */

export interface LoadRequest {
  readonly url: string;
  readonly token: string;
  readonly bodies: readonly Uint8Array[];
  readonly concurrency: number;
  /** The bodies' media type (default application/json). */
  readonly contentType?: string;
  /** The status every request must get (default 201); 'any' for hostile senders, whose answers are 4xx. */
  readonly expect?: number | 'any';
  /** Send the bodies over and over for this long instead of once (a background sender). */
  readonly loopForMs?: number;
}

export interface LoadResult {
  readonly latencies: readonly number[];
  readonly seconds: number;
  readonly failures: readonly string[];
}

function post(agent: Agent, url: URL, token: string, type: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': type,
          'content-length': body.byteLength,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run({
  url,
  token,
  bodies,
  concurrency,
  contentType = 'application/json',
  expect = 201,
  loopForMs,
}: LoadRequest): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const more = (): boolean =>
    loopForMs === undefined ? next < bodies.length : performance.now() - started < loopForMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (more()) {
        const i = next++;
        const t0 = performance.now();
        const status = await post(
          agent,
          target,
          token,
          contentType,
          bodies[i % bodies.length] ?? new Uint8Array(),
        );
        latencies[i] = performance.now() - t0;
        if (expect !== 'any' && status !== expect) failures.push(`message ${i}: HTTP ${status}`);
      }
    }),
  );
  agent.destroy();
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadRequest).then(
    (result) => port.postMessage(result),
    (err: unknown) =>
      port.postMessage({ latencies: [], seconds: 0, failures: [String(err)] } satisfies LoadResult),
  );
}
