import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { createLogger } from '../logger';
import { sealHeld } from './held-envelope';
import { HeldMessages } from './held-messages';
import { unreadableHeldKey, type DedupeStore, type IdentityStore } from './ports';

/** One fresh, empty pair of ingest ports per test, and how to let them go after the suite. */
export interface IngestPortsFactory {
  /** `leaseMs`: the identity index's release lease (default its own, 60 s). */
  create(leaseMs?: number): Promise<{ readonly identity: IdentityStore; readonly dedupe: DedupeStore }>;
  /** Items set aside under a key, as stored (`{mrn, item}` JSON). */
  setAside(identity: IdentityStore, key: string): Promise<string[]>;
  close(): Promise<void>;
}

const silent = createLogger({ name: 'ports-contract', level: 'silent' });
const payloadSchema = z.object({ text: z.string(), at: z.iso.datetime().transform((s) => new Date(s)) });

/**
 * The contract every implementation of the ingest ports keeps (identity index with its held list, message
 * dedupe): one suite, run against memory (`ports.contract.test.ts`) and Redis
 * (`ports.contract.int.test.ts`), so the memory doubles of pure tests cannot drift from production.
 */
export function ingestPortsContract(implementation: string, factory: IngestPortsFactory): void {
  describe(`ingest ports contract: ${implementation}`, () => {
    let identity: IdentityStore;
    let dedupe: DedupeStore;
    beforeEach(async () => {
      ({ identity, dedupe } = await factory.create());
    });
    afterAll(() => factory.close());
    releaseLeaseContract(factory);

    it('given a message was remembered, then it is seen for that sender only', async () => {
      expect(await dedupe.seen('PAS|RXN', 'MSG1')).toBe(false);
      await dedupe.remember('PAS|RXN', 'MSG1');
      expect(await dedupe.seen('PAS|RXN', 'MSG1')).toBe(true);
      expect(await dedupe.seen('PAS|RWA', 'MSG1')).toBe(false);
      expect(await dedupe.seen('PAS|RXN', 'MSG2')).toBe(false);
    });

    it('given messages remembered together, then each is seen for its sender, alone or together, in the order asked', async () => {
      expect(await dedupe.seenAll([])).toEqual([]);
      await dedupe.rememberAll([]);
      expect(
        await dedupe.seenAll([
          ['E08000012', 'R1'],
          ['E08000012', 'R2'],
        ]),
      ).toEqual([false, false]);
      await dedupe.rememberAll([
        ['E08000012', 'R1'],
        ['E08000011', 'R2'],
      ]);
      expect(await dedupe.seen('E08000012', 'R1')).toBe(true);
      expect(await dedupe.seen('E08000012', 'R2')).toBe(false);
      expect(
        await dedupe.seenAll([
          ['E08000011', 'R2'],
          ['E08000012', 'R2'],
          ['E08000012', 'R1'],
          ['E08000011', 'R1'],
        ]),
      ).toEqual([true, false, true, false]);
      await dedupe.remember('E08000012', 'R3');
      expect(await dedupe.seenAll([['E08000012', 'R3']])).toEqual([true]);
    });

    it('given items held for an unknown MRN, when the identity is learned, then they come back once, in order, and the MRN resolves at that trust only', async () => {
      expect(await identity.resolve('RXN', 'MRN1')).toBeUndefined();
      expect(await identity.hold('RXN', 'MRN1', 'held-1')).toBe(1);
      expect(await identity.hold('RXN', 'MRN1', 'held-2', 'held-3')).toBe(3);
      expect(await identity.heldCount('RXN', 'MRN1')).toBe(3);
      expect(await identity.heldCount('RWA', 'MRN1')).toBe(0);
      const taken = await identity.learn('RXN', 'MRN1', '9434765919');
      expect(taken).toEqual(['held-1', 'held-2', 'held-3']);
      expect(await identity.resolve('RXN', 'MRN1')).toBe('9434765919');
      // Being released (their events not yet written): still counted, not handed out again.
      expect(await identity.heldCount('RXN', 'MRN1')).toBe(3);
      expect(await identity.learn('RXN', 'MRN1', '9434765919')).toEqual([]);
      await identity.released('RXN', 'MRN1', taken);
      expect(await identity.heldCount('RXN', 'MRN1')).toBe(0);
      expect(await identity.learn('RXN', 'MRN1', '9434765919')).toEqual([]);
      expect(await identity.resolve('RWA', 'MRN1')).toBeUndefined();
    });

    it('given nothing to hold, then hold answers how many are held and adds nothing', async () => {
      expect(await identity.hold('RXN', 'MRN2')).toBe(0);
      await identity.hold('RXN', 'MRN2', 'held-1');
      expect(await identity.hold('RXN', 'MRN2')).toBe(1);
    });

    it('given items set aside, then they are kept under the trust key (no MRN in it) and not held any more', async () => {
      const key = await identity.setAside('RXN', 'MRN3', ['garbled']);
      expect(key).toBe(unreadableHeldKey('RXN'));
      expect(key).not.toContain('MRN3');
      expect(await factory.setAside(identity, key)).toEqual([
        JSON.stringify({ mrn: 'MRN3', item: 'garbled' }),
      ]);
      expect(await identity.heldCount('RXN', 'MRN3')).toBe(0);
    });

    it('given held items of this connector, another connector and none, when the identity is learned, then ours are released, foreign ones put back untouched and unreadable ones set aside', async () => {
      const held = new HeldMessages(identity, 'hl7v2', payloadSchema);
      const ours = { text: 'A01', at: new Date('2025-06-01T10:00:00.000Z') };
      const foreign = sealHeld('fhir', { unit: 'x' });
      await held.hold('RXN', 'MRN4', [ours]);
      await identity.hold('RXN', 'MRN4', foreign, 'not json', sealHeld('hl7v2', { text: 1 }));

      expect(await held.learn('RXN', 'MRN4', '9434765919', silent)).toEqual([ours]);
      // Ours is being released; the foreign item is held again, the unreadable ones no longer held.
      expect(await identity.heldCount('RXN', 'MRN4')).toBe(2);
      expect(await identity.learn('RXN', 'MRN4', '9434765919')).toEqual([foreign]);
      const aside = await factory.setAside(identity, unreadableHeldKey('RXN'));
      expect(aside.map((text) => (JSON.parse(text) as { item: string }).item)).toEqual([
        'not json',
        sealHeld('hl7v2', { text: 1 }),
      ]);
    });

    it('given payloads handed out, when their write is acknowledged, then released lets them go; others stay', async () => {
      const held = new HeldMessages(identity, 'fhir', payloadSchema);
      const first = { text: 'Encounter 1', at: new Date('2025-06-01T10:00:00.000Z') };
      const second = { text: 'Encounter 2', at: new Date('2025-06-01T11:00:00.000Z') };
      await held.hold('RXN', 'MRN5', [first, second]);
      const taken = await held.learn('RXN', 'MRN5', '9434765919', silent);
      expect(taken).toEqual([first, second]);
      await held.released([taken[0]!], silent);
      expect(await identity.heldCount('RXN', 'MRN5')).toBe(1);
      await held.released([taken[1]!, { not: 'handed out' }], silent);
      expect(await identity.heldCount('RXN', 'MRN5')).toBe(0);
    });
  });
}

/** The release lease (ports.ts, IdentityStore.learn): a contract of its own, with an index of a 300 ms lease. */
function releaseLeaseContract(factory: IngestPortsFactory): void {
  it('given a release never confirmed (its writer failed or died), then a learn after the lease hands its items out again, with what was held since', async () => {
    const { identity } = await factory.create(300);
    await identity.hold('RXN', 'MRN6', 'held-1', 'held-2');
    expect(await identity.learn('RXN', 'MRN6', '9434765919')).toEqual(['held-1', 'held-2']);
    await identity.hold('RXN', 'MRN6', 'held-3');
    // Within the lease: only what was held since.
    expect(await identity.learn('RXN', 'MRN6', '9434765919')).toEqual(['held-3']);
    await identity.released('RXN', 'MRN6', ['held-3']);
    expect(await identity.heldCount('RXN', 'MRN6')).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const again = await identity.learn('RXN', 'MRN6', '9434765919');
    expect(again).toEqual(['held-1', 'held-2']);
    await identity.released('RXN', 'MRN6', again);
    expect(await identity.heldCount('RXN', 'MRN6')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await identity.learn('RXN', 'MRN6', '9434765919')).toEqual([]);
  });
}
