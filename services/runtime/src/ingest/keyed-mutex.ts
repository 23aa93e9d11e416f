/**
 * In-process locks by key (e.g. a FHIR spell), so two versions of one record arriving together are decided
 * one after the other against the same snapshot. Several keys are taken in sorted order, so two holders of
 * overlapping sets cannot deadlock. Across processes nothing is locked: see the FHIR connector's README
 * (one connector instance per trust, or accept that a rare race repeats a fact, which deterministic
 * eventIds let consumers drop).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  /** Keys held or waited for right now. */
  get size(): number {
    return this.tails.size;
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
