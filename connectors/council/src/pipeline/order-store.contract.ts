import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { OrderFactQuery, OrderStore } from './order-store';

/** One fresh, empty order store per test, and how to let them go after the suite. */
export interface OrderStoreFactory {
  create(): Promise<OrderStore>;
  close(): Promise<void>;
}

/**
 * The contract of every OrderStore: one suite, run against memory (`order-store.contract.test.ts`) and
 * Redis (`order-store.contract.int.test.ts`), so the feed checker's store cannot drift from production's.
 */
export function orderStoreContract(implementation: string, factory: OrderStoreFactory): void {
  describe(`order store contract: ${implementation}`, () => {
    let store: OrderStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterAll(() => factory.close());

    it('given no steps yet, then a query sees nothing and its own step is kept', async () => {
      const [known] = await store.record([
        { key: 'LA1|R1', field: 'referral', at: 100, related: ['assessment'] },
      ]);
      expect(known).toEqual(new Map());
      const [after] = await store.record([
        { key: 'LA1|R1', field: 'assessment', at: 200, related: ['referral'] },
      ]);
      expect(after).toEqual(new Map([['referral', 100]]));
    });

    it('keeps the earliest time of a step, and a later query of the same batch sees an earlier one', async () => {
      const answers = await store.record([
        { key: 'LA1|R2', field: 'referral', at: 300, related: [] },
        { key: 'LA1|R2', field: 'referral', at: 100, related: [] },
        { key: 'LA1|R2', field: 'referral', at: 200, related: [] },
        { key: 'LA1|R2', field: 'assessment', at: 400, related: ['referral', 'package'] },
      ]);
      expect(answers[3]).toEqual(new Map([['referral', 100]]));
    });

    it('keeps referrals apart', async () => {
      await store.record([{ key: 'LA1|R3', field: 'referral', at: 100, related: [] }]);
      const [other] = await store.record([
        { key: 'LA2|R3', field: 'assessment', at: 200, related: ['referral'] },
      ]);
      expect(other).toEqual(new Map());
    });

    it('does not keep the time of a record refused as out of order beyond the tolerance', async () => {
      const refuseBeyond = { toleranceMs: 50, mustFollow: ['requested'], mustPrecede: [] };
      await store.record([{ key: 'LA1|R4', field: 'requested', at: 1_000, related: [] }]);
      // started 900 ms before its request: refused, and not kept
      const [early] = await store.record([
        { key: 'LA1|R4', field: 'started', at: 100, related: ['requested'], refuseBeyond },
      ]);
      expect(early).toEqual(new Map([['requested', 1_000]]));
      // within the tolerance: kept
      await store.record([
        { key: 'LA1|R4', field: 'started', at: 960, related: ['requested'], refuseBeyond },
      ]);
      // a step that must precede, arriving after its follower beyond the tolerance: refused, not kept
      const requestLater = { toleranceMs: 50, mustFollow: [], mustPrecede: ['started'] };
      await store.record([
        { key: 'LA1|R5', field: 'started', at: 100, related: [] },
        { key: 'LA1|R5', field: 'requested', at: 1_000, related: ['started'], refuseBeyond: requestLater },
      ]);
      const [seen] = await store.record([
        { key: 'LA1|R4', field: 'sourced', at: 2_000, related: ['started'] },
      ]);
      expect(seen).toEqual(new Map([['started', 960]]));
      const [seenR5] = await store.record([
        { key: 'LA1|R5', field: 'sourced', at: 2_000, related: ['requested', 'started'] },
      ]);
      expect(seenR5).toEqual(new Map([['started', 100]]));
    });

    it('checks only the listed steps: another related step out of order is not a reason to refuse', async () => {
      const refuseBeyond = { toleranceMs: 50, mustFollow: [], mustPrecede: [] };
      await store.record([{ key: 'LA1|R6', field: 'offered', at: 1_000, related: [] }]);
      await store.record([{ key: 'LA1|R6', field: 'declined', at: 100, related: ['offered'], refuseBeyond }]);
      const [seen] = await store.record([
        { key: 'LA1|R6', field: 'sourced', at: 2_000, related: ['declined'] },
      ]);
      expect(seen).toEqual(new Map([['declined', 100]]));
    });

    it('answers an empty batch with nothing', async () => {
      expect(await store.record([])).toEqual([]);
    });

    it('answers a batch as its queries one at a time would: related lists of any length, a refusal among them', async () => {
      const refuseBeyond = { toleranceMs: 10, mustFollow: ['requested'], mustPrecede: ['started'] };
      const batch = (council: string): OrderFactQuery[] => [
        { key: `${council}|A`, field: 'requested', at: 1_000, related: [] },
        { key: `${council}|B`, field: 'started', at: 500, related: ['requested', 'offered', 'declined'] },
        // Offered before the request beyond the tolerance: refused, so its time is not kept.
        { key: `${council}|A`, field: 'offered', at: 900, related: ['requested'], refuseBeyond },
        { key: `${council}|A`, field: 'started', at: 2_000, related: ['offered', 'requested'], refuseBeyond },
        { key: `${council}|B`, field: 'requested', at: 400, related: ['started'] },
      ];
      const together = await store.record(batch('LA9'));
      const alone: ReadonlyMap<string, number>[] = [];
      for (const query of batch('LA8')) alone.push(...(await store.record([query])));
      expect(together).toEqual(alone);
      expect(together).toEqual([
        new Map(),
        new Map(),
        new Map([['requested', 1_000]]),
        new Map([['requested', 1_000]]),
        new Map([['started', 500]]),
      ]);
    });
  });
}
