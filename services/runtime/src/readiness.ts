import { describeError } from './errors';

/** A readiness check resolves when the dependency can serve; it should stop work when `signal` aborts. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<unknown>;

/** Ready once a consumer group member (the projector, the feed router) has been assigned its partitions. */
export const groupJoined =
  (member: { readonly isJoined: boolean }): ReadinessCheck =>
  () =>
    member.isJoined ? Promise.resolve() : Promise.reject(new Error('not yet assigned partitions'));

export type CheckResult =
  | { readonly status: 'ok'; readonly durationMs: number }
  | { readonly status: 'fail'; readonly durationMs: number; readonly error: string };

export interface ReadinessReport {
  readonly status: 'ok' | 'fail';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`timed out after ${timeoutMs} ms`);
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    await Promise.race([check(controller.signal), timeout]);
    return { status: 'ok', durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'fail', durationMs: Math.round(performance.now() - started), error: describeError(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once, each with its own timeout; ready only if all pass. */
export async function checkReadiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
  );
  return {
    status: results.every(([, result]) => result.status === 'ok') ? 'ok' : 'fail',
    checks: Object.fromEntries(results),
  };
}
