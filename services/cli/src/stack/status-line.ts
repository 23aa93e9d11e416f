import type { ComponentStatus } from './stack';

/** `healthy`, or `DOWN` with why: a server's or a service's state in the status commands. */
export const stateText = (healthy: boolean, problem: string | undefined): string =>
  healthy ? 'healthy' : `DOWN${problem === undefined || problem === '' ? '' : ` (${problem})`}`;

/** One server's status line (`stack status`, `homefirst status`), its name padded to `nameWidth`. */
export const serverStatusLine = (r: ComponentStatus, nameWidth: number): string =>
  `${r.name.padEnd(nameWidth)} ${r.address.padEnd(45)} ${stateText(r.healthy, r.problem)}${r.pid === undefined ? '' : ` pid ${r.pid}`}${r.action === undefined ? '' : ` [${r.action}]`}`;
