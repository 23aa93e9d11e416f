import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server process the stack owns, tracked by a pid file under .hub/run. */
export interface ManagedProcess {
  readonly name: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export function readPid(p: ManagedProcess): number | undefined {
  if (!existsSync(p.pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(p.pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM means it exists but is not ours; ESRCH means it is gone.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers kill(0); treat it as gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return true;
  }
}

/**
 * The running pid of this process, or undefined. A stale pid file is removed — unless members of the
 * process's group live on (a service whose keeper was killed): stopProcess finds them by it.
 */
export function runningPid(p: ManagedProcess): number | undefined {
  const pid = readPid(p);
  if (pid === undefined) return undefined;
  if (isAlive(pid)) return pid;
  if (!groupAlive(pid)) rmSync(p.pidFile, { force: true });
  return undefined;
}

/**
 * Starts a detached server in its own process group, appending its output to the log file.
 * The group lets `stop` take down anything it forks, so `stack down` leaves no orphan.
 */
export function startDetached(
  p: ManagedProcess,
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): number {
  mkdirSync(dirname(p.pidFile), { recursive: true });
  mkdirSync(dirname(p.logFile), { recursive: true });
  const out = openSync(p.logFile, 'a');
  try {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
    if (child.pid === undefined) throw new Error(`could not start ${p.name} (${command})`);
    child.unref();
    writeFileSync(p.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Whether any process of the group `pgid` (started by startDetached: the pid it wrote) is left. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process or anything left of its group (e.g. a service whose keeper was killed) runs. */
const anyAlive = (pid: number): boolean => isAlive(pid) || groupAlive(pid);

/**
 * SIGTERM the process group, wait up to `graceMs`, then SIGKILL. Resolves once the process and its group are
 * gone — also when the process itself died before and left members of its group running.
 */
export async function stopProcess(
  p: ManagedProcess,
  graceMs = 20_000,
): Promise<'stopped' | 'killed' | 'not-running'> {
  const pid = readPid(p);
  if (pid === undefined || !anyAlive(pid)) {
    rmSync(p.pidFile, { force: true });
    return 'not-running';
  }
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!anyAlive(pid)) {
      rmSync(p.pidFile, { force: true });
      return 'stopped';
    }
    await sleep(100);
  }
  signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 50 && anyAlive(pid); i++) await sleep(100);
  rmSync(p.pidFile, { force: true });
  return 'killed';
}

/** The last `lines` lines of a log, for error messages. */
export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return '(no log yet)';
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(-lines - 1)
    .join('\n');
}
