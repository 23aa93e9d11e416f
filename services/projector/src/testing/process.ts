import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root, found from this file (src/testing or dist/testing of services/projector). */
export const repoRoot = (): string => resolve(__dirname, '../../../..');

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Runs `fn` holding a machine-wide lock (mkdir is atomic), so parallel test files never build at once. */
function withBuildLock(fn: () => void): void {
  const lock = join(tmpdir(), 'homefirst-projector-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`could not take the build lock ${lock}`);
      sleepSync(100);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the projector (tsc -b), so tests run the real bin. Throws with tsc's output on failure. */
export function buildProjector(): void {
  withBuildLock(() => build());
}

function build(): void {
  const root = repoRoot();
  const result = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/typescript/bin/tsc'), '-b', resolve(root, 'services/projector')],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(`tsc -b services/projector failed:\n${result.stdout}${result.stderr}`);
}

export interface ProjectorProcess {
  readonly child: ChildProcess;
  /** Resolves once the projector logged that it runs (needs HOMEFIRST_LOG_LEVEL info or lower). */
  running(timeoutMs?: number): Promise<void>;
  /** Everything it wrote to stderr and stdout (JSON log lines), for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `homefirst-projector <args>` as a child process with the given environment on top of ours.
 * HOMEFIRST_PROJECTOR_NODE_ARGS (space-separated) is passed to its node, for profiling a bench
 * (`--cpu-prof --cpu-prof-dir=/tmp/prof`: flags NODE_OPTIONS does not allow).
 */
export function startProjector(args: readonly string[], env: Record<string, string>): ProjectorProcess {
  const bin = resolve(repoRoot(), 'services/projector/bin/homefirst-projector.js');
  const nodeArgs = (process.env.HOMEFIRST_PROJECTOR_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    started ||= output.includes('"projector running"');
  });
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const exited = once(child, 'exit');
  return {
    child,
    running: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!started) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`the projector did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
