import type { PublishBatch } from './publisher';

/**
 * What a connector's ingest needs from the outside world. Production plugs in Kafka (EventPublisher,
 * GroupCommitPublisher) and Redis (IdentityIndex, MessageDedupe); pure tests and the offline feed checkers
 * plug in the memory implementations — the same contract suite (`ports.contract.ts`) runs against both.
 */

/** Trust + local MRN → NHS number, and the items held until it is known. */
export interface IdentityStore {
  resolve(orgCode: string, mrn: string): Promise<string | undefined>;
  /** Records the identity and hands back (removing them, atomically) the items held for it. */
  learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]>;
  /** Holds items until the MRN's NHS number is learned; returns how many are now held for it. */
  hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number>;
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
