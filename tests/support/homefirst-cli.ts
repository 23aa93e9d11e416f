import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildWorkspacesAt, repoRoot } from '@homefirst/testing';

/** How a `homefirst` run ended. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const cli = join(repoRoot, 'services', 'cli', 'bin', 'homefirst.js');

/**
 * Runs the built `homefirst <args>` as a person would (this process's environment plus `env`), without
 * blocking the test's event loop, and resolves with its exit code and output.
 */
export function runHomefirst(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** stderr without the JSON progress lines: what a person reads. */
export const messageLines = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{"progress"'));

/** Builds workspaces (`tsc -b`) so their bin scripts run this checkout's code; throws with tsc's output. */
export function buildWorkspaces(workspaces: readonly string[]): void {
  buildWorkspacesAt(repoRoot, workspaces);
}
