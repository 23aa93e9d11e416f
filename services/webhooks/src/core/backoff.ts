/**
 * When to try a webhook again. Exponential backoff with "equal jitter": the ceiling doubles from `baseMs`
 * each attempt up to `capMs`, and the wait is drawn uniformly from the upper half of it. Full jitter
 * (0..ceiling) spreads retries a little more but can, with bad luck, retry a dead endpoint N times within
 * a second; the upper half keeps the spread (no two subscribers retry in step) and guarantees a minimum
 * retry window (`minimumWindowMs`), so "the endpoint was down for a minute" is survived for certain.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** The ceiling before the retry that follows failed attempt `attempt` (1-based). */
export const backoffCeilingOf = (attempt: number, policy: BackoffPolicy): number =>
  Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));

/** The wait after failed attempt `attempt`; `random` is uniform in [0, 1). */
export const retryDelayMs = (attempt: number, policy: BackoffPolicy, random: () => number): number => {
  const ceiling = backoffCeilingOf(attempt, policy);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
};

/** The shortest total wait before attempt `maxAttempts` gives up: how long an endpoint may be down for sure. */
export const minimumWindowMs = (maxAttempts: number, policy: BackoffPolicy): number => {
  let total = 0;
  for (let attempt = 1; attempt < maxAttempts; attempt += 1) total += backoffCeilingOf(attempt, policy) / 2;
  return total;
};
