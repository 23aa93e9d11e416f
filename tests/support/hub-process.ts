import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { reservePort } from '@homefirst/testing';

const repoRoot = join(__dirname, '..', '..');

export interface HubProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly opsPort: number;
  /** Everything it printed, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a built hub service the way `homefirst up` does — its own bin, environment only — and waits
 * until its ops server answers /healthz. Build first (`npx tsc -b`); tests run `dist/` code here.
 */
export async function startHubProcess(
  name: string,
  binRelativeToRepo: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs = 60_000,
): Promise<HubProcess> {
  const opsPort = Number(env.HOMEFIRST_HTTP_PORT ?? (await reservePort()));
  const child = spawn(process.execPath, [join(repoRoot, binRelativeToRepo), ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...env,
      HOMEFIRST_HTTP_PORT: String(opsPort),
      HOMEFIRST_LOG_LEVEL: env.HOMEFIRST_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const handle: HubProcess = {
    name,
    child,
    opsPort,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      await Promise.race([
        exited,
        sleep(15_000, undefined, { ref: false }).then(() => child.kill('SIGKILL')),
      ]);
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} during start-up:\n${out.slice(-3000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${opsPort}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return handle;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await handle.stop('SIGKILL');
      throw new Error(
        `${name} did not answer /healthz on ${opsPort} within ${timeoutMs} ms:\n${out.slice(-3000)}`,
      );
    }
    await sleep(200);
  }
}
