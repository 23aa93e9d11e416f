import type { ComponentStatus } from '../stack/stack';
import { serverStatusLine, stateText } from '../stack/status-line';
import type { ServiceStatus } from './supervisor';

/** Names padded past the longest one (`feed-router`), so the columns line up (up, down and status alike). */
export const NAME_WIDTH = 12;

/**
 * `homefirst status`: the local stack's servers, then every hub service, then the demo; `healthy` is false if
 * any server or service is down (the demo is not required). The services answer /healthz while Kafka, the
 * registry or Redis is gone, so the servers are shown and counted too.
 */
export function statusReport(
  stack: readonly ComponentStatus[],
  services: readonly ServiceStatus[],
  demoPid: number | undefined,
): { lines: string[]; healthy: boolean } {
  const lines = [
    ...stack.map((r) => serverStatusLine(r, NAME_WIDTH)),
    ...services.map((r) => {
      const restarted =
        r.restarts === undefined
          ? ''
          : `; restarted ${r.restarts.restarts}× by its keeper (last exit code ${r.restarts.lastExitCode} at ${r.restarts.lastExitAt})`;
      return `${r.name.padEnd(NAME_WIDTH)} ${(r.endpoint ?? '').padEnd(45)} ${stateText(r.healthy, r.problem)}${restarted}`;
    }),
    `${'demo'.padEnd(NAME_WIDTH)} ${''.padEnd(45)} ${demoPid === undefined ? 'not running' : `running pid ${demoPid}`}`,
  ];
  return { lines, healthy: [...stack, ...services].every((r) => r.healthy) };
}
