import type { PublishBatch } from '@homefirst/runtime';

/**
 * What the pipeline needs from the outside world. The live connector plugs in Kafka (EventPublisher) and
 * Redis (IdentityIndex, MessageDedupe); the feed checker (`map`) plugs in memory — so both run the same code.
 */

/** Trust + local MRN → NHS number, and messages held until it is known (runtime's IdentityIndex). */
export interface IdentityStore {
  resolve(orgCode: string, mrn: string): Promise<string | undefined>;
  /** Records the identity and hands back (removing them) the items held for it. */
  learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]>;
  hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number>;
  heldCount(orgCode: string, mrn: string): Promise<number>;
}

/** Source messages already accepted (runtime's MessageDedupe). */
export interface DedupeStore {
  seen(sender: string, messageId: string): Promise<boolean>;
  remember(sender: string, messageId: string): Promise<void>;
}

/** Durable write of what one message produced; resolves only once Kafka acknowledged it. */
export interface RecordWriter {
  write(batch: PublishBatch): Promise<void>;
}

/** An IdentityStore in memory: for the feed checker and pure tests. */
export class MemoryIdentityStore implements IdentityStore {
  private readonly known = new Map<string, string>();
  private readonly held = new Map<string, string[]>();

  constructor(identities: ReadonlyArray<{ orgCode: string; mrn: string; nhsNumber: string }> = []) {
    for (const { orgCode, mrn, nhsNumber } of identities) this.known.set(`${orgCode}|${mrn}`, nhsNumber);
  }

  resolve(orgCode: string, mrn: string): Promise<string | undefined> {
    return Promise.resolve(this.known.get(`${orgCode}|${mrn}`));
  }

  learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]> {
    const key = `${orgCode}|${mrn}`;
    this.known.set(key, nhsNumber);
    const items = this.held.get(key) ?? [];
    this.held.delete(key);
    return Promise.resolve(items);
  }

  hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number> {
    const key = `${orgCode}|${mrn}`;
    const list = [...(this.held.get(key) ?? []), ...items];
    this.held.set(key, list);
    return Promise.resolve(list.length);
  }

  heldCount(orgCode: string, mrn: string): Promise<number> {
    return Promise.resolve(this.held.get(`${orgCode}|${mrn}`)?.length ?? 0);
  }

  /** Everything held, for any MRN (tests). */
  totalHeld(): number {
    return [...this.held.values()].reduce((sum, list) => sum + list.length, 0);
  }
}
