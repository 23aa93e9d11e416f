import type { PublishBatch } from './publisher';

/**
 * What a connector's ingest needs from the outside world. Production plugs in Kafka (EventPublisher,
 * GroupCommitPublisher) and Redis (IdentityIndex, MessageDedupe); pure tests and the offline feed checkers
 * plug in the memory implementations — the same contract suite (`ports.contract.ts`) runs against both.
 */

/** Trust + local MRN → NHS number, and the items held until it is known. */
export interface IdentityStore {
  resolve(orgCode: string, mrn: string): Promise<string | undefined>;
  /**
   * Records the identity and hands out the items held for it, atomically (two learns never get the same
   * item while its lease runs). They stay held, counted by heldCount, until their writer calls `released`
   * once Kafka acknowledged their events, or `putBack` after their write failed. A writer that died in
   * between leaves them, and a learn after the lease (60 s) hands them out again: a release is never lost,
   * and repeated only then (with the same event ids).
   */
  learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]>;
  /** Items a learn handed out whose events are written: they leave the index. */
  released(orgCode: string, mrn: string, items: readonly string[]): Promise<void>;
  /** Items a learn handed out whose write failed: held again at once (atomically), for the next learn. */
  putBack(orgCode: string, mrn: string, items: readonly string[]): Promise<void>;
  /** Holds items until the MRN's NHS number is learned; returns how many are now held for it. */
  hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number>;
  /** Items held for the MRN, those handed out and not yet settled included (a learn is due while any are). */
  heldCount(orgCode: string, mrn: string): Promise<number>;
  /**
   * Moves held items nobody can read out of the way, into the trust's list of unreadable items (kept for
   * an operator, never dropped); returns that list's key, which names the trust and no patient.
   */
  setAside(orgCode: string, mrn: string, items: readonly string[]): Promise<string>;
}

/** Source messages already accepted (HL7 MSH-10 per sender, FHIR Encounter version, CSV record id). */
export interface DedupeStore {
  seen(sender: string, messageId: string): Promise<boolean>;
  remember(sender: string, messageId: string): Promise<void>;
  /** `seen` of many messages in one round trip (a file's chunk of records): the answers in the order asked. */
  seenAll(messages: readonly SourceMessage[]): Promise<boolean[]>;
  /** `remember` of many messages in one round trip. */
  rememberAll(messages: readonly SourceMessage[]): Promise<void>;
}

/** A source message's sender and its id there (an HL7 MSH-10, a council record id). */
export type SourceMessage = readonly [sender: string, messageId: string];

/** Durable write of what one message produced; resolves only once Kafka acknowledged it. */
export interface RecordWriter {
  write(batch: PublishBatch): Promise<void>;
}

/** The key of a trust's unreadable held items (the same in memory and in Redis). */
export const unreadableHeldKey = (orgCode: string): string => `identity:held-unreadable:${orgCode}`;
