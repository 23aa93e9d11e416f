import { resolve } from 'node:path';
import { buildWorkspacesAt, startBinProcess, type BinProcess } from '@homefirst/testing';

/** The repository root, found from this file (src/testing or dist/testing of services/feed-router). */
const repoRoot = (): string => resolve(__dirname, '../../../..');

/** Builds the feed router (tsc -b), so tests run the real bin. Throws with tsc's output on failure. */
export function buildFeedRouter(): void {
  buildWorkspacesAt(repoRoot(), ['services/feed-router']);
}

export type RouterProcess = BinProcess;

/** Starts `homefirst-feed-router run` as a child process with the given environment on top of ours. */
export function startFeedRouter(env: Record<string, string>): RouterProcess {
  return startBinProcess({
    bin: resolve(repoRoot(), 'services/feed-router/bin/homefirst-feed-router.js'),
    args: ['run'],
    env: { HOMEFIRST_LOG_LEVEL: 'info', ...env },
    runningMessage: 'feed router running',
  });
}
