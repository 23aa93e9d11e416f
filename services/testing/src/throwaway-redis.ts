import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { reservePort } from './ports';
import { portOpen } from './private-stack';
import { waitFor } from './wait-for';

/** A `redis-server` of one test's own: loopback, a free port, nothing saved. */
export interface ThrowawayRedis {
  readonly port: number;
  readonly url: string;
  /** Whether it is still running (a test may kill it). */
  readonly running: boolean;
  /** SIGKILL, resolved once it has exited: Redis gone as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM (if still running), resolved once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway Redis (`extraArgs`: e.g. `--aclfile FILE`) and resolves once it accepts connections —
 * for tests of what happens to Redis itself (killed, restarted, a server of an older stack), which the
 * shared stack's Redis must never undergo.
 */
export async function startThrowawayRedis(extraArgs: readonly string[] = []): Promise<ThrowawayRedis> {
  const port = await reservePort();
  const server: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    { stdio: 'ignore' },
  );
  const exited = once(server, 'exit');
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
    await exited;
  };
  await waitFor(
    'the throwaway Redis to accept connections',
    async () => ((await portOpen(port)) ? true : undefined),
    {
      timeoutMs: 10_000,
      failFast: () => (server.exitCode === null ? undefined : `redis-server exited with ${server.exitCode}`),
    },
  );
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return server.exitCode === null && server.signalCode === null;
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
