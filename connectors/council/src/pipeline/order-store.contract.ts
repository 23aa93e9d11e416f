import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { OrderStore } from './order-store';

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

    it('answers an empty batch with nothing', async () => {
      expect(await store.record([])).toEqual([]);
    });
  });
}
