import type { Redis } from 'ioredis';

/** How a redrive ended, as remembered by its claim. */
export interface RedriveMark {
  readonly at: string;
  readonly actor: string;
  readonly outcome: string;
}

/**
 * The mark that keeps a dead letter from being redriven twice by accident: one Redis key per dead letter
 * (`<namespace>deadletters:redriven:<eventId>`), taken with SET NX before the redrive (so two operators
 * redriving at once cannot both win) and kept afterwards — for good, unless the redrive could not be tried
 * (Kafka or Redis unavailable), when it is released. `--force` takes it over.
 */
export class RedriveClaims {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  private key(eventId: string): string {
    return `${this.namespace}deadletters:redriven:${eventId}`;
  }

  /** Takes the mark; returns null when taken, else the mark already there. `force` takes it anyway. */
  async claim(eventId: string, mark: RedriveMark, force: boolean): Promise<RedriveMark | null> {
    const value = JSON.stringify(mark);
    if (force) {
      await this.redis.set(this.key(eventId), value);
      return null;
    }
    // A mark released between our SET and GET (a redrive that could not be tried) is tried for again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const taken = await this.redis.set(this.key(eventId), value, 'NX');
      if (taken === 'OK') return null;
      const earlier = await this.read(eventId);
      if (earlier !== null) return earlier;
    }
    return { at: '?', actor: '?', outcome: 'running' };
  }

  async read(eventId: string): Promise<RedriveMark | null> {
    const stored = await this.redis.get(this.key(eventId));
    if (stored === null) return null;
    try {
      return JSON.parse(stored) as RedriveMark;
    } catch {
      return { at: '?', actor: '?', outcome: 'unknown' };
    }
  }

  async settle(eventId: string, mark: RedriveMark): Promise<void> {
    await this.redis.set(this.key(eventId), JSON.stringify(mark));
  }

  async release(eventId: string): Promise<void> {
    await this.redis.del(this.key(eventId));
  }
}
