import { setTimeout as sleep } from 'node:timers/promises';
import { isRetriable } from './errors';

export interface RetryOptions {
  /** Attempts after the first; 0 means try once. */
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Growth of the delay ceiling per attempt, e.g. 2. */
  readonly factor: number;
  /** Stops waiting and rethrows the abort reason. */
  readonly signal?: AbortSignal;
  /** Called before each wait, e.g. to log the retry. */
  readonly onRetry?: (err: unknown, retry: number, delayMs: number) => void;
}

/** The ceiling of the wait before retry number `retry` (1-based): initial × factor^(retry−1), capped. */
export function backoffCeilingMs(
  retry: number,
  options: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'factor'>,
): number {
  return Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** (retry - 1));
}

/**
 * Runs `fn` until it succeeds, retrying only retriable errors (see `isRetriable`) with exponential
 * backoff and full jitter: each wait is uniform in [0, ceiling). Rethrows the last error.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { retries, signal } = options;
  if (!Number.isInteger(retries) || retries < 0)
    throw new RangeError(`retries must be a non-negative integer (got ${retries})`);
  for (let attempt = 0; ; attempt += 1) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= retries || !isRetriable(err)) throw err;
      const delayMs = Math.floor(Math.random() * backoffCeilingMs(attempt + 1, options));
      options.onRetry?.(err, attempt + 1, delayMs);
      await sleep(delayMs, undefined, signal ? { signal } : undefined).catch(() => signal?.throwIfAborted());
    }
  }
}
