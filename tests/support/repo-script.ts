import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@homefirst/testing';

/**
 * Runs a node script of the repository (`script`: its path from the repository root) to the end, and
 * returns its exit status and its output (stdout, then stderr).
 */
export function runRepoScript(
  script: string,
  args: readonly string[],
  options: Pick<SpawnSyncOptions, 'cwd' | 'env' | 'timeout'> = {},
): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, script), ...args], {
    ...options,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
