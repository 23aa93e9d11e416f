export interface TtlCacheOptions {
  /** Milliseconds since an epoch (default Date.now). */
  readonly clock?: () => number;
  /**
   * Stale-while-revalidate: for this long past its time to live a kept value is still served, at once, while one
   * refresh runs in the background; the refresh's value then serves from the moment it was started. Past
   * `ttlMs + staleMs` (or while nothing was kept) callers wait for a fresh computation, as without it. Default 0.
   */
  readonly staleMs?: number;
}

interface Entry<T> {
  /** When the computation of `value` started. */
  readonly at: number;
  readonly value: Promise<T>;
  /** Whether `value` resolved (a value that failed or is still coming is never served stale). */
  resolved: boolean;
  /** Whether a background refresh of this entry is under way. */
  refreshing: boolean;
}

/**
 * A small single-flight cache with a time to live: concurrent callers of one key share one computation,
 * a result serves for `ttlMs`, a failure is not kept. Bounded: past `maxKeys` the oldest key goes. With
 * `staleMs`, a value just past its time to live is served while it is refreshed (see TtlCacheOptions), so under a
 * steady load no caller waits for a recomputation.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly clock: () => number;
  private readonly staleMs: number;

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys: number,
    options: TtlCacheOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.staleMs = options.staleMs ?? 0;
  }

  /** Forgets what is kept: the next `get` computes afresh. */
  clear(): void {
    this.entries.clear();
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      const age = now - cached.at;
      if (age < this.ttlMs) return cached.value;
      if (cached.resolved && age < this.ttlMs + this.staleMs) {
        if (!cached.refreshing) this.refresh(key, cached, compute, now);
        return cached.value;
      }
    }
    return this.keep(key, compute(), now).value;
  }

  private refresh(key: string, stale: Entry<T>, compute: () => Promise<T>, now: number): void {
    stale.refreshing = true;
    const value = compute();
    value.then(
      () => {
        // Unless something newer took the key meanwhile (clear, or a caller past the stale window).
        if (this.entries.get(key) === stale) this.keep(key, value, now);
      },
      () => {
        // Not kept: the stale value serves on (within its window) and the next caller tries again.
        stale.refreshing = false;
      },
    );
  }

  private keep(key: string, value: Promise<T>, at: number): Entry<T> {
    const entry: Entry<T> = { at, value, resolved: false, refreshing: false };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    value.then(
      () => {
        entry.resolved = true;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry;
  }
}
