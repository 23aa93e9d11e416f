import type { z } from 'zod';
import { describeError } from '../errors';
import type { Logger } from '../logger';
import { openHeld, sealHeld } from './held-envelope';
import type { IdentityStore } from './ports';

/**
 * The held-message protocol of every connector, around the identity index: a message whose person is
 * known only by the trust's local MRN is accepted, written raw, and its payload held under that MRN; when a
 * later message links the MRN to an NHS number, `learn` records the identity and hands back the payloads
 * held for it, to be mapped and written with that message; once that write is acknowledged, `released`
 * lets them go, and if it fails `holdAgain` puts them back. A connector that dies before either leaves them
 * handed out in the index: a learn after the index's lease hands them out again (ports.ts).
 *
 * Items of another owner are put back untouched; unreadable items are set aside (see held-envelope.ts).
 */
export class HeldMessages<S extends z.ZodType<object>, Payload = z.output<S>> {
  /** Each payload `learn` handed out: where it was held and as what item, for `released`. */
  private readonly handedOut = new WeakMap<object, { orgCode: string; mrn: string; item: string }>();

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
      if (opened.kind === 'ours') {
        ours.push(opened.payload);
        this.handedOut.set(opened.payload, { orgCode, mrn, item });
      } else if (opened.kind === 'foreign') foreign.push(item);
      else unreadable.push({ item, problem: opened.problem });
    }
    if (foreign.length > 0) await this.identity.putBack(orgCode, mrn, foreign);
    if (unreadable.length > 0) await this.setAside(orgCode, mrn, unreadable, log);
    return ours;
  }

  /** Payloads `learn` handed out whose events Kafka acknowledged: they leave the index. Never rejects. */
  released(payloads: readonly object[], log: Logger): Promise<void> {
    return this.settle('released', payloads, log);
  }

  /** Payloads `learn` handed out whose write failed: held again at once, for the next learn. Never rejects. */
  holdAgain(payloads: readonly object[], log: Logger): Promise<void> {
    return this.settle('back', payloads, log);
  }

  /**
   * The message is accepted (or refused) by now, so a failure is only logged: the payloads stay in the index
   * as handed out, and a learn after its lease hands them out again (the same event ids).
   */
  private async settle(how: 'released' | 'back', payloads: readonly object[], log: Logger): Promise<void> {
    const byMrn = new Map<string, { orgCode: string; mrn: string; items: string[] }>();
    for (const payload of payloads) {
      const out = this.handedOut.get(payload);
      if (out === undefined) continue;
      this.handedOut.delete(payload);
      const key = `${out.orgCode}|${out.mrn}`;
      const group = byMrn.get(key) ?? { orgCode: out.orgCode, mrn: out.mrn, items: [] };
      group.items.push(out.item);
      byMrn.set(key, group);
    }
    try {
      for (const { orgCode, mrn, items } of byMrn.values())
        await (how === 'released'
          ? this.identity.released(orgCode, mrn, items)
          : this.identity.putBack(orgCode, mrn, items));
    } catch (err) {
      log.warn(
        { err: describeError(err), items: payloads.length },
        how === 'released'
          ? 'released messages could not be marked released; they are released again later (the same event ids)'
          : 'released messages whose write failed could not be held again at once; they are released again later',
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
      const items = unreadable.map((u) => u.item);
      const key = await this.identity.setAside(orgCode, mrn, items);
      await this.identity.released(orgCode, mrn, items);
      log.error(
        { orgCode, items: unreadable.length, setAsideKey: key, problems },
        'held items no connector can read were set aside',
      );
    } catch (err) {
      log.error(
        { err: describeError(err), orgCode, items: unreadable.length, problems },
        'held items no connector can read could not be set aside; they stay held',
      );
    }
  }
}
