import type { z } from 'zod';
import { describeError } from '../errors';
import type { Logger } from '../logger';
import { openHeld, sealHeld } from './held-envelope';
import type { IdentityStore } from './ports';

/**
 * The held-message protocol of every connector, around the identity index: a message whose person is
 * known only by the trust's local MRN is accepted, written raw, and its payload held under that MRN; when a
 * later message links the MRN to an NHS number, `learn` records the identity and hands back the payloads
 * held for it, to be mapped and written with that message. If that write fails, `holdAgain` puts them back.
 *
 * Items of another owner are put back untouched; unreadable items are set aside (see held-envelope.ts).
 */
export class HeldMessages<S extends z.ZodType, Payload = z.output<S>> {
  constructor(
    private readonly identity: IdentityStore,
    /** The connector that owns the payloads: `hl7v2`, `fhir`. */
    private readonly owner: string,
    /** The payload's schema: what `learn` hands back has passed it (`Payload`: what is held, as written). */
    private readonly payload: S,
  ) {}

  /** Holds payloads under an MRN; returns how many items are now held for it. */
  hold(orgCode: string, mrn: string, payloads: readonly Payload[]): Promise<number> {
    return this.identity.hold(orgCode, mrn, ...payloads.map((payload) => sealHeld(this.owner, payload)));
  }

  /**
   * Records MRN → NHS number and takes this connector's payloads held for it. Rejects when the index
   * cannot be written (nothing was taken then) or another owner's items cannot be put back.
   */
  async learn(orgCode: string, mrn: string, nhsNumber: string, log: Logger): Promise<Array<z.output<S>>> {
    const items = await this.identity.learn(orgCode, mrn, nhsNumber);
    if (items.length === 0) return [];
    const ours: Array<z.output<S>> = [];
    const foreign: string[] = [];
    const unreadable: Array<{ item: string; problem: string }> = [];
    for (const item of items) {
      const opened = openHeld(this.owner, this.payload, item);
      if (opened.kind === 'ours') ours.push(opened.payload);
      else if (opened.kind === 'foreign') foreign.push(item);
      else unreadable.push({ item, problem: opened.problem });
    }
    if (foreign.length > 0) await this.identity.hold(orgCode, mrn, ...foreign);
    if (unreadable.length > 0) await this.setAside(orgCode, mrn, unreadable, log);
    return ours;
  }

  /** Puts payloads back after their release could not be written. Never rejects: a failure is logged. */
  async holdAgain(orgCode: string, mrn: string, payloads: readonly Payload[], log: Logger): Promise<void> {
    if (payloads.length === 0) return;
    try {
      await this.hold(orgCode, mrn, payloads);
    } catch (err) {
      log.error(
        { err: describeError(err), orgCode, items: payloads.length },
        'released messages could not be held again; re-map them from the raw topic',
      );
    }
  }

  /** Unreadable items go to the trust's list of them, reported by its key (no patient data, no MRN). */
  private async setAside(
    orgCode: string,
    mrn: string,
    unreadable: ReadonlyArray<{ item: string; problem: string }>,
    log: Logger,
  ): Promise<void> {
    const problems = [...new Set(unreadable.map((u) => u.problem))];
    try {
      const key = await this.identity.setAside(
        orgCode,
        mrn,
        unreadable.map((u) => u.item),
      );
      log.error(
        { orgCode, items: unreadable.length, setAsideKey: key, problems },
        'held items no connector can read were set aside',
      );
    } catch (err) {
      log.error(
        { err: describeError(err), orgCode, items: unreadable.length, problems },
        'held items no connector can read could not be set aside and are lost; re-map them from the raw topic',
      );
    }
  }
}
