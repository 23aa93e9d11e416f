import type { Redis } from 'ioredis';
import { unreadableHeldKey, type IdentityStore } from './ports';

/**
 * The identity index: (trust ODS code, local MRN) → NHS number, learned from messages that carry both,
 * used for messages that carry only the MRN. A message whose person cannot be resolved yet is held
 * (accepted and stored, never dropped and never an error the sender cannot fix) and released when the
 * identity arrives.
 *
 * Keys (under the client's prefix): `identity:<ods>:<mrn>` → NHS number; `identity:held:<ods>:<mrn>` →
 * list of held items (held envelopes, see held-envelope.ts); `identity:held-unreadable:<ods>` → items set
 * aside because no connector could read them.
 */
export class IdentityIndex implements IdentityStore {
  constructor(private readonly redis: Redis) {}

  private static key(orgCode: string, mrn: string): string {
    return `identity:${orgCode}:${mrn}`;
  }

  private static heldKey(orgCode: string, mrn: string): string {
    return `identity:held:${orgCode}:${mrn}`;
  }

  async resolve(orgCode: string, mrn: string): Promise<string | undefined> {
    return (await this.redis.get(IdentityIndex.key(orgCode, mrn))) ?? undefined;
  }

  /**
   * Records that this MRN at this trust is this NHS number, and hands back what was held for it.
   * The held list is taken atomically, so two connector instances never both release the same item.
   * If publishing released items fails the caller must `hold` them again.
   */
  async learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]> {
    const held = IdentityIndex.heldKey(orgCode, mrn);
    const result = await this.redis
      .multi()
      .set(IdentityIndex.key(orgCode, mrn), nhsNumber)
      .lrange(held, 0, -1)
      .del(held)
      .exec();
    const taken = result?.[1]?.[1];
    return Array.isArray(taken) ? taken.map(String) : [];
  }

  /** Holds an item until the MRN's NHS number is learned; returns how many are now held for it. */
  async hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number> {
    if (items.length === 0) return this.redis.llen(IdentityIndex.heldKey(orgCode, mrn));
    return this.redis.rpush(IdentityIndex.heldKey(orgCode, mrn), ...items);
  }

  async heldCount(orgCode: string, mrn: string): Promise<number> {
    return this.redis.llen(IdentityIndex.heldKey(orgCode, mrn));
  }

  async setAside(orgCode: string, mrn: string, items: readonly string[]): Promise<string> {
    const key = unreadableHeldKey(orgCode);
    if (items.length > 0) await this.redis.rpush(key, ...items.map((item) => JSON.stringify({ mrn, item })));
    return key;
  }
}
