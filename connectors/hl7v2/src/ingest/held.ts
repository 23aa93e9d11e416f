import { HeldMessages, type IdentityStore } from '@homefirst/runtime';
import { z } from 'zod';

/**
 * A message held in the identity index until its person is identified: a reference to its raw record
 * (already on the raw topic) and the HL7 text, so it can be mapped again when the identity arrives. It is
 * the payload of runtime's held envelope, owned by `hl7v2`.
 */
export const heldMessageSchema = z.object({
  rawEventId: z.string().min(1),
  correlationId: z.string().min(1),
  receivedAt: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
  hl7: z.string().min(1),
});

export type HeldMessage = z.output<typeof heldMessageSchema>;

export const HL7_HELD_OWNER = 'hl7v2';

/** This connector's held messages in an identity index (another connector may share it). */
export const heldMessagesIn = (identity: IdentityStore): HeldMessages<typeof heldMessageSchema> =>
  new HeldMessages(identity, HL7_HELD_OWNER, heldMessageSchema);
