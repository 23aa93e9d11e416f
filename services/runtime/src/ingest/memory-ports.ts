import { unreadableHeldKey, type DedupeStore, type IdentityStore, type SourceMessage } from './ports';

/** The identity index in memory: for the offline feed checkers and pure tests. */
export class MemoryIdentityIndex implements IdentityStore {
  private readonly known = new Map<string, string>();
  private readonly held = new Map<string, string[]>();
  /** Items set aside as unreadable, by list key. */
  readonly setAsideItems = new Map<string, string[]>();

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

  /** Everything held, for any MRN (tests). */
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
