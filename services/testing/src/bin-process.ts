import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Runs `fn` holding a machine-wide lock (mkdir is atomic), so parallel test files never build at once. */
function withBuildLock(fn: () => void): void {
  const lock = join(tmpdir(), 'homefirst-tsc-build.lock');
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

/**
 * Builds workspaces of the repository at `root` (`tsc -b`, under a machine-wide lock so parallel test files
 * never build at once), so tests run the real bins. Throws with tsc's output on failure.
 */
export function buildWorkspacesAt(root: string, workspaces: readonly string[]): void {
  withBuildLock(() => {
    const result = spawnSync(
      process.execPath,
      [resolve(root, 'node_modules/typescript/bin/tsc'), '-b', ...workspaces.map((w) => resolve(root, w))],
      { cwd: root, encoding: 'utf8' },
    );
    if (result.status !== 0)
      throw new Error(`tsc -b ${workspaces.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  });
}

/** A hub process a test or benchmark started from its built bin. */
export interface BinProcess {
  readonly child: ChildProcess;
  /** Resolves once it logged its running line (needs HOMEFIRST_LOG_LEVEL info or lower). */
  running(timeoutMs?: number): Promise<void>;
  /** Everything it wrote to stderr and stdout (JSON log lines, the last 20,000 characters), for failures. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface BinProcessOptions {
  /** Path of the bin script. */
  readonly bin: string;
  readonly args: readonly string[];
  /** Added to our environment. */
  readonly env: Record<string, string>;
  /** The log message that says it runs, e.g. "projector running". */
  readonly runningMessage: string;
  /** Flags for its node, before the bin. */
  readonly nodeArgs?: readonly string[];
}

/** Starts a bin as a child process and follows its output. */
export function startBinProcess(options: BinProcessOptions): BinProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.bin, ...options.args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    started ||= output.includes(`"${options.runningMessage}"`);
  });
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const exited = once(child, 'exit');
  return {
    child,
    running: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!started) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`${options.bin} did not start (no "${options.runningMessage}"):\n${output}`);
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
