import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { createLogger } from '../logger';
import { sealHeld } from './held-envelope';
import { HeldMessages } from './held-messages';
import { unreadableHeldKey, type DedupeStore, type IdentityStore } from './ports';

/** One fresh, empty pair of ingest ports per test, and how to let them go after the suite. */
export interface IngestPortsFactory {
  create(): Promise<{ readonly identity: IdentityStore; readonly dedupe: DedupeStore }>;
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
      expect(await identity.learn('RXN', 'MRN1', '9434765919')).toEqual(['held-1', 'held-2', 'held-3']);
      expect(await identity.resolve('RXN', 'MRN1')).toBe('9434765919');
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
      expect(await identity.learn('RXN', 'MRN4', '9434765919')).toEqual([foreign]);
      const aside = await factory.setAside(identity, unreadableHeldKey('RXN'));
      expect(aside.map((text) => (JSON.parse(text) as { item: string }).item)).toEqual([
        'not json',
        sealHeld('hl7v2', { text: 1 }),
      ]);
    });

    it('given released payloads whose write failed, when held again, then the next learn releases them again', async () => {
      const held = new HeldMessages(identity, 'fhir', payloadSchema);
      const payload = { text: 'Encounter', at: new Date('2025-06-01T10:00:00.000Z') };
      await held.holdAgain('RXN', 'MRN5', [payload], silent);
      expect(await held.learn('RXN', 'MRN5', '9434765919', silent)).toEqual([payload]);
    });
  });
}
