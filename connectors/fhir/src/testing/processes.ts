import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

/** The repository root, from this file's place in it (connectors/fhir/{src,dist}/testing). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const CONNECTOR_DIR = join(REPO_ROOT, 'connectors', 'fhir');
export const BIN = join(CONNECTOR_DIR, 'bin', 'homefirst-fhir.js');

/** Builds the connector (tsc -b, incremental): tests that run the real binary need its dist/. */
export function buildConnector(): void {
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', CONNECTOR_DIR], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`tsc -b failed:\n${result.stdout}${result.stderr}`);
}

export interface RunningBin {
  readonly child: ChildProcess;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** JSON log lines written so far. */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal) once the process ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Starts `homefirst-fhir <args>` with the given environment (added to this process's). */
export function startBin(args: readonly string[], env: Readonly<Record<string, string>>): RunningBin {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = once(child, 'exit').then(
    ([code, signal]) => (code as number | null) ?? (signal as NodeJS.Signals),
  );
  return {
    child,
    output: () => text,
    logs: () =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    exited,
  };
}
