import { MemoryIdentityIndex } from '../ingest/memory-ports';
import type { IdentityStore } from '../ingest/ports';

/**
 * The identity index as a remap sees it: identities are read from the live index (Redis), so a message
 * whose person was unknown when it arrived (held) maps today if the hub has learned the MRN since; what the
 * remap itself learns, holds and releases stays in memory — a remap never changes the live index.
 */
export class ReadThroughIdentity implements IdentityStore {
  private readonly local = new MemoryIdentityIndex();

  constructor(private readonly live: Pick<IdentityStore, 'resolve'>) {}

  async resolve(orgCode: string, mrn: string): Promise<string | undefined> {
    return (await this.local.resolve(orgCode, mrn)) ?? (await this.live.resolve(orgCode, mrn));
  }

  learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]> {
    return this.local.learn(orgCode, mrn, nhsNumber);
  }

  released(orgCode: string, mrn: string, items: readonly string[]): Promise<void> {
    return this.local.released(orgCode, mrn, items);
  }

  putBack(orgCode: string, mrn: string, items: readonly string[]): Promise<void> {
    return this.local.putBack(orgCode, mrn, items);
  }

  hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number> {
    return this.local.hold(orgCode, mrn, ...items);
  }

  heldCount(orgCode: string, mrn: string): Promise<number> {
    return this.local.heldCount(orgCode, mrn);
  }

  setAside(orgCode: string, mrn: string, items: readonly string[]): Promise<string> {
    return this.local.setAside(orgCode, mrn, items);
  }
}
