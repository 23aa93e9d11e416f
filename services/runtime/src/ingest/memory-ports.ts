import { RELEASE_LEASE_MS } from './identity-index';
import { unreadableHeldKey, type DedupeStore, type IdentityStore, type SourceMessage } from './ports';

/** The identity index in memory: for the offline feed checkers and pure tests. Its lease as IdentityIndex's. */
export class MemoryIdentityIndex implements IdentityStore {
  private readonly known = new Map<string, string>();
  private readonly held = new Map<string, string[]>();
  /** Per held list, the items handed out at its head: since when, how many (identity-index.ts). */
  private readonly leases = new Map<string, { since: number; count: number }>();
  /** Items set aside as unreadable, by list key. */
  readonly setAsideItems = new Map<string, string[]>();

  constructor(
    identities: ReadonlyArray<{ orgCode: string; mrn: string; nhsNumber: string }> = [],
    private readonly lease: { readonly ms: number; readonly now: () => number } = {
      ms: RELEASE_LEASE_MS,
      now: Date.now,
    },
  ) {
    for (const { orgCode, mrn, nhsNumber } of identities) this.known.set(`${orgCode}|${mrn}`, nhsNumber);
  }

  resolve(orgCode: string, mrn: string): Promise<string | undefined> {
    return Promise.resolve(this.known.get(`${orgCode}|${mrn}`));
  }

  learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]> {
    const key = `${orgCode}|${mrn}`;
    this.known.set(key, nhsNumber);
    const now = this.lease.now();
    const { since, count } = this.leases.get(key) ?? { since: 0, count: 0 };
    const from = now - since >= this.lease.ms ? 0 : count;
    const list = this.held.get(key) ?? [];
    if (list.length <= from) return Promise.resolve([]);
    this.leases.set(key, { since: now, count: list.length });
    return Promise.resolve(list.slice(from));
  }

  released(orgCode: string, mrn: string, items: readonly string[]): Promise<void> {
    this.settle(`${orgCode}|${mrn}`, items, false);
    return Promise.resolve();
  }

  putBack(orgCode: string, mrn: string, items: readonly string[]): Promise<void> {
    this.settle(`${orgCode}|${mrn}`, items, true);
    return Promise.resolve();
  }

  private settle(key: string, items: readonly string[], back: boolean): void {
    const list = this.held.get(key) ?? [];
    let removed = 0;
    for (const item of items) {
      const at = list.indexOf(item);
      if (at < 0) continue;
      list.splice(at, 1);
      if (back) list.push(item);
      removed += 1;
    }
    if (list.length === 0) this.held.delete(key);
    const lease = this.leases.get(key);
    if (lease === undefined) return;
    if (lease.count - removed <= 0) this.leases.delete(key);
    else this.leases.set(key, { since: lease.since, count: lease.count - removed });
  }

  hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number> {
    const key = `${orgCode}|${mrn}`;
    const list = [...(this.held.get(key) ?? []), ...items];
    if (list.length > 0) this.held.set(key, list);
    return Promise.resolve(list.length);
  }

  heldCount(orgCode: string, mrn: string): Promise<number> {
    return Promise.resolve(this.held.get(`${orgCode}|${mrn}`)?.length ?? 0);
  }

  setAside(orgCode: string, mrn: string, items: readonly string[]): Promise<string> {
    const key = unreadableHeldKey(orgCode);
    const list = this.setAsideItems.get(key) ?? [];
    list.push(...items.map((item) => JSON.stringify({ mrn, item })));
    this.setAsideItems.set(key, list);
    return Promise.resolve(key);
  }

  /** Everything held (handed out and not yet settled included), for any MRN (tests). */
  totalHeld(): number {
    return [...this.held.values()].reduce((sum, list) => sum + list.length, 0);
  }
}

/** Message dedupe in memory: for the offline feed checkers and pure tests. */
export class MemoryMessageDedupe implements DedupeStore {
  readonly remembered = new Set<string>();

  seen(sender: string, messageId: string): Promise<boolean> {
    return Promise.resolve(this.remembered.has(`${sender}|${messageId}`));
  }

  remember(sender: string, messageId: string): Promise<void> {
    this.remembered.add(`${sender}|${messageId}`);
    return Promise.resolve();
  }

  seenAll(messages: readonly SourceMessage[]): Promise<boolean[]> {
    return Promise.resolve(messages.map(([sender, id]) => this.remembered.has(`${sender}|${id}`)));
  }

  rememberAll(messages: readonly SourceMessage[]): Promise<void> {
    for (const [sender, id] of messages) this.remembered.add(`${sender}|${id}`);
    return Promise.resolve();
  }
}
