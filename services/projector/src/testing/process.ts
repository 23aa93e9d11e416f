import { resolve } from 'node:path';
import { buildWorkspacesAt, startBinProcess, type BinProcess } from '@homefirst/testing';

/** The repository root, found from this file (src/testing or dist/testing of services/projector). */
export const repoRoot = (): string => resolve(__dirname, '../../../..');

/** Builds the projector (tsc -b), so tests run the real bin. Throws with tsc's output on failure. */
export function buildProjector(): void {
  buildWorkspacesAt(repoRoot(), ['services/projector']);
}

export type ProjectorProcess = BinProcess;

/**
 * Starts `homefirst-projector <args>` as a child process with the given environment on top of ours.
 * HOMEFIRST_PROJECTOR_NODE_ARGS (space-separated) is passed to its node, for profiling a bench
 * (`--cpu-prof --cpu-prof-dir=/tmp/prof`: flags NODE_OPTIONS does not allow).
 */
export function startProjector(args: readonly string[], env: Record<string, string>): ProjectorProcess {
  return startBinProcess({
    bin: resolve(repoRoot(), 'services/projector/bin/homefirst-projector.js'),
    args,
    env,
    runningMessage: 'projector running',
    nodeArgs: (process.env.HOMEFIRST_PROJECTOR_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
  });
}
