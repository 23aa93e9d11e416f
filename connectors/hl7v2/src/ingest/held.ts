import { z } from 'zod';

/**
 * A message held in the identity index until its person is identified: a reference to its raw record
 * (already on the raw topic) and the HL7 text, so it can be mapped again when the identity arrives.
 */
export interface HeldMessage {
  readonly rawEventId: string;
  readonly correlationId: string;
  readonly receivedAt: Date;
  readonly hl7: string;
}

const heldSchema = z.object({
  v: z.literal(1),
  rawEventId: z.string().min(1),
  correlationId: z.string().min(1),
  receivedAt: z.iso.datetime(),
  hl7: z.string().min(1),
});

export function serialiseHeld(held: HeldMessage): string {
  return JSON.stringify({
    v: 1,
    rawEventId: held.rawEventId,
    correlationId: held.correlationId,
    receivedAt: held.receivedAt.toISOString(),
    hl7: held.hl7,
  });
}

/** Reads a held item back; undefined when it is not one of ours (never throws). */
export function parseHeld(item: string): HeldMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(item);
  } catch {
    return undefined;
  }
  const parsed = heldSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return { ...parsed.data, receivedAt: new Date(parsed.data.receivedAt) };
}
