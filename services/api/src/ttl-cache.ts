/**
 * A small single-flight cache with a time to live: concurrent callers of one key share one computation,
 * a result serves for `ttlMs`, a failure is not kept. Bounded: past `maxKeys` the oldest key goes.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { readonly at: number; readonly value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Forgets what is kept: the next `get` computes afresh. */
  clear(): void {
    this.entries.clear();
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const cached = this.entries.get(key);
    if (cached !== undefined && now - cached.at < this.ttlMs) return cached.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    if (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
