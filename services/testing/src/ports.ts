import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Ports for servers a test starts (a connector, the API, a throwaway Redis), handed out so that two tests
 * running at once cannot be given the same one.
 *
 * Binding port 0 and releasing it is not enough: the kernel hands out such ports from its ephemeral range
 * (32768–60999 on Linux), the same range every outgoing connection's local port comes from, and another
 * jest worker may be given the same number before our server binds it (CI saw `EADDRINUSE` this way).
 * So each jest worker draws from a band of its own below the ephemeral range, and a port is handed out only
 * after binding it on every interface has succeeded.
 */
const BAND_START = 30_000;
const BAND_SIZE = 900;
const BANDS = 3;

/** Ports this test file has already been given (a jest worker runs its files one after another). */
const given = new Set<number>();

export function workerBand(): { from: number; to: number } {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const index = (Number.isInteger(worker) && worker > 0 ? worker - 1 : 0) % BANDS;
  const from = BAND_START + index * BAND_SIZE;
  return { from, to: from + BAND_SIZE };
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port no other test holds, in this jest worker's band, free on every interface when returned. */
export async function reservePort(): Promise<number> {
  const { from, to } = workerBand();
  const size = to - from;
  // From a random place, so files run one after another in a worker rarely probe the same ports first.
  const start = randomInt(0, size);
  for (let step = 0; step < size; step++) {
    const port = from + ((start + step) % size);
    if (given.has(port) || !(await bindable(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port in ${from}–${to - 1}`);
}
