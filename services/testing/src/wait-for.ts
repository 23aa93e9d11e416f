import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** How long to wait before failing (default 20 s). */
  readonly timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  readonly intervalMs?: number;
  /**
   * Checked before every probe: a reason to give up at once (a child process exited, a server closed),
   * so a crash fails the test now, with its cause, instead of at the deadline.
   */
  readonly failFast?: () => string | undefined;
}

/**
 * Polls `probe` until it returns a value other than `undefined` and resolves with it. Fails with
 * `timed out after … waiting for <what>` (plus the probe's last error) once the deadline passes, or with
 * `gave up waiting for <what>: <reason>` as soon as `failFast` names a reason.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: number | WaitOptions = {},
): Promise<T> {
  const {
    timeoutMs = 20_000,
    intervalMs = 100,
    failFast,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = failFast?.();
    if (reason !== undefined) throw new Error(`gave up waiting for ${what}: ${reason}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
  const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
}
