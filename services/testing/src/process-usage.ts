import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB, from /proc (Linux); NaN where there is no /proc. */
export function rssMbOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid ?? 0}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds (user + system, all its threads) a process has used, from /proc (Linux; clock ticks of 10 ms);
 * NaN elsewhere. For a benchmark's child process, whose `process.cpuUsage()` the parent cannot call.
 */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid ?? 0}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
