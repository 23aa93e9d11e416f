import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ManagedProcess, runningPid, startDetached, stopProcess } from '../stack/processes';
import { KEEPER_SCRIPT, keeperState, portInUse } from './supervisor';

/**
 * bin/homefirst-keeper.sh, as `homefirst up` runs it (startDetached: its own process group) and `homefirst
 * down` stops it (stopProcess: SIGTERM to the group), around a stand-in service: a Node script that records
 * each run's pid, and how it ended when asked to stop.
 */
const SERVICE = `
const { appendFileSync } = require('node:fs');
const runs = process.env.RUNS_FILE;
appendFileSync(runs, process.pid + '\\n');
const mode = process.env.SERVICE_MODE;
if (mode === 'fail-at-once') process.exit(3);
process.on('SIGTERM', () => { appendFileSync(runs, 'stopped ' + process.pid + '\\n'); process.exit(0); });
if (mode === 'crash-soon') setTimeout(() => process.exit(1), 200);
setInterval(() => undefined, 1000);
`;

describe('homefirst-keeper: a hub service started again when it ends unasked', () => {
  let root: string;
  let script: string;
  const started: ManagedProcess[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'keeper-'));
    script = join(root, 'service.js');
    writeFileSync(script, SERVICE);
  });
  afterAll(async () => {
    for (const p of started) await stopProcess(p, 2_000);
    rmSync(root, { recursive: true, force: true });
  });

  /** Starts the stand-in under its keeper; `startupS` is the keeper's start-up window. */
  const keep = (name: string, mode: string, startupS?: number) => {
    const p: ManagedProcess = {
      name,
      pidFile: join(root, `${name}.pid`),
      logFile: join(root, `${name}.log`),
    };
    const runsFile = join(root, `${name}.runs`);
    const stateFile = join(root, `${name}.restarts.json`);
    writeFileSync(runsFile, '');
    started.push(p);
    startDetached(p, 'bash', [KEEPER_SCRIPT, name, stateFile, process.execPath, script], root, {
      ...process.env,
      RUNS_FILE: runsFile,
      SERVICE_MODE: mode,
      ...(startupS !== undefined && { HOMEFIRST_KEEPER_STARTUP_S: String(startupS) }),
    });
    const lines = () => readFileSync(runsFile, 'utf8').split('\n').filter(Boolean);
    const pids = () => lines().filter((line) => /^\d+$/.test(line));
    const logLines = () =>
      readFileSync(p.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { p, stateFile, lines, pids, logLines };
  };

  const until = async (condition: () => boolean, what: string, ms = 15_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };

  it('starts a crashed service again, records it, and `homefirst down` stops it for good', async () => {
    const k = keep('crashing', 'crash-soon', 0);
    await until(() => k.pids().length >= 2, 'a second run');
    const state = keeperState(k.stateFile);
    expect(state?.restarts).toBeGreaterThanOrEqual(1);
    expect(state?.lastExitCode).toBe(1);
    const restart = k.logLines().find((line) => line.msg === 'service ended; starting it again');
    expect(restart).toMatchObject({ level: 'warn', service: 'crashing', component: 'keeper', exitCode: 1 });
    expect(restart?.restartInSeconds).toBe(1);

    expect(await stopProcess(k.p, 5_000)).toBe('stopped');
    const runs = k.pids().length;
    await sleep(2_500); // longer than the next backoff (2 s): a keeper still running would have started it
    expect(k.pids()).toHaveLength(runs);
  });

  it('starts a service killed with SIGKILL again; a stop reaches the service, which is not started again', async () => {
    const k = keep('killed', 'run', 0);
    await until(() => k.pids().length === 1, 'the first run');
    const first = Number(k.pids()[0]);
    process.kill(first, 'SIGKILL');
    await until(() => k.pids().length === 2, 'a run after the kill');
    expect(keeperState(k.stateFile)).toMatchObject({ restarts: 1, lastExitCode: 137 });

    expect(await stopProcess(k.p, 5_000)).toBe('stopped');
    const second = k.pids()[1];
    expect(k.lines()).toContain(`stopped ${second}`); // the service shut down on its own SIGTERM
    await sleep(1_500);
    expect(k.pids()).toHaveLength(2);
    expect(runningPid(k.p)).toBeUndefined();
  });

  it('`homefirst down` still stops a service whose keeper was killed (the rest of its process group)', async () => {
    const k = keep('orphaned', 'run');
    await until(() => k.pids().length === 1, 'the first run');
    const keeper = runningPid(k.p);
    if (keeper === undefined) throw new Error('no keeper running');
    process.kill(keeper, 'SIGKILL');
    await until(() => runningPid(k.p) === undefined, 'the keeper to die', 5_000);
    const service = Number(k.pids()[0]);
    expect(() => process.kill(service, 0)).not.toThrow(); // the service runs on, unkept

    expect(await stopProcess(k.p, 5_000)).toBe('stopped');
    expect(k.lines()).toContain(`stopped ${service}`);
  });

  it('does not loop on a failed start: the keeper ends with the service, for `homefirst up` to report', async () => {
    const k = keep('failing', 'fail-at-once');
    await until(() => runningPid(k.p) === undefined, 'the keeper to end', 5_000);
    expect(k.pids()).toHaveLength(1);
    expect(existsSync(k.stateFile)).toBe(false);
    expect(k.logLines()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        service: 'failing',
        exitCode: 3,
        msg: 'service ended during start-up; not restarted',
      }),
    );
  });

  it('reads a keeper state file, and refuses one that is not', () => {
    const file = join(root, 'state.json');
    writeFileSync(file, '{"restarts":2,"lastExitCode":1,"lastExitAt":"2026-12-07T06:00:00Z"}\n');
    expect(keeperState(file)).toEqual({ restarts: 2, lastExitCode: 1, lastExitAt: '2026-12-07T06:00:00Z' });
    expect(keeperState(join(root, 'absent.json'))).toBeUndefined();
    writeFileSync(file, '{"restarts":"two"}');
    expect(() => keeperState(file)).toThrow('is not a keeper');
  });
});

describe('homefirst up: a port another hub holds', () => {
  it("is seen as in use, so that hub's /healthz is not taken for this one's", async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, done));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    expect(await portInUse(address.port)).toBe(true);
    await new Promise<void>((done) => server.close(() => done()));
    expect(await portInUse(address.port)).toBe(false);
  });
});
