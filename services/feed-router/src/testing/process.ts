import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

/** The repository root, found from this file (src/testing or dist/testing of services/feed-router). */
const repoRoot = (): string => resolve(__dirname, '../../../..');

/** Builds the feed router (tsc -b), so tests run the real bin. Throws with tsc's output on failure. */
export function buildFeedRouter(): void {
  const root = repoRoot();
  const result = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/typescript/bin/tsc'), '-b', resolve(root, 'services/feed-router')],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`tsc -b services/feed-router failed:\n${result.stdout}${result.stderr}`);
}

export interface RouterProcess {
  readonly child: ChildProcess;
  /** Resolves once it logged that it runs. */
  running(timeoutMs?: number): Promise<void>;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `homefirst-feed-router run` as a child process with the given environment on top of ours. */
export function startFeedRouter(env: Record<string, string>): RouterProcess {
  const bin = resolve(repoRoot(), 'services/feed-router/bin/homefirst-feed-router.js');
  const child = spawn(process.execPath, [bin, 'run'], {
    env: { ...process.env, HOMEFIRST_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    started ||= output.includes('"feed router running"');
  });
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const exited = once(child, 'exit');
  return {
    child,
    running: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!started) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`the feed router did not start:\n${output}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
