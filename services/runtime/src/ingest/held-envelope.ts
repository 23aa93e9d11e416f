import { z } from 'zod';

/**
 * How a message waiting for its patient's identity is kept in the identity index's held list: one
 * versioned envelope for every connector, `{v: 1, owner, payload}`. The owner is the connector that can
 * map the payload again once the identity arrives; connectors may share one index, so each takes back only
 * its own items.
 *
 * The rule for an item taken from the list (see HeldMessages.learn):
 * - `ours`: the owner is this connector and the payload parses with its schema → released;
 * - `foreign`: another owner → put back untouched, for its owner to release;
 * - `unreadable`: not JSON, not an envelope, or our owner with a payload that does not parse → set aside
 *   in the trust's list of unreadable items (never dropped) and reported with that list's key.
 *
 * Items written before the envelope existed are read as envelopes: the FHIR connector wrote
 * `{owner: 'fhir', format: 1, ...payload}`, the HL7 connector `{v: 1, rawEventId, correlationId,
 * receivedAt, hl7}`.
 */
export const HELD_ENVELOPE_VERSION = 1;

const envelopeSchema = z.object({
  v: z.literal(HELD_ENVELOPE_VERSION),
  owner: z.string().min(1),
  payload: z.unknown(),
});

export type OpenedHeld<P> =
  | { readonly kind: 'ours'; readonly payload: P }
  | { readonly kind: 'foreign'; readonly owner: string }
  | { readonly kind: 'unreadable'; readonly problem: string };

/** The envelope of a payload (Dates become ISO strings, as JSON writes them). */
export const sealHeld = (owner: string, payload: unknown): string =>
  JSON.stringify({ v: HELD_ENVELOPE_VERSION, owner, payload });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An item of the layouts used before the envelope, as an envelope; undefined when it is neither. */
function preEnvelope(json: Record<string, unknown>): z.infer<typeof envelopeSchema> | undefined {
  if (json.owner === 'fhir' && json.format === 1) {
    const { owner: _owner, format: _format, ...payload } = json;
    return { v: HELD_ENVELOPE_VERSION, owner: 'fhir', payload };
  }
  if (json.v === 1 && !('owner' in json) && typeof json.hl7 === 'string') {
    const { v: _v, ...payload } = json;
    return { v: HELD_ENVELOPE_VERSION, owner: 'hl7v2', payload };
  }
  return undefined;
}

const problemsOf = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
    .join('; ');

/** Opens one held item for `owner`, checking its payload with `payload` (the owner's schema). */
export function openHeld<S extends z.ZodType>(
  owner: string,
  payload: S,
  item: string,
): OpenedHeld<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(item);
  } catch {
    return { kind: 'unreadable', problem: 'not JSON' };
  }
  const parsed = envelopeSchema.safeParse(json);
  const envelope = parsed.success ? parsed.data : isRecord(json) ? preEnvelope(json) : undefined;
  if (envelope === undefined)
    return {
      kind: 'unreadable',
      problem: parsed.success ? 'not a held envelope' : `not a held envelope (${problemsOf(parsed.error)})`,
    };
  if (envelope.owner !== owner) return { kind: 'foreign', owner: envelope.owner };
  const content = payload.safeParse(envelope.payload);
  if (!content.success) return { kind: 'unreadable', problem: `payload: ${problemsOf(content.error)}` };
  return { kind: 'ours', payload: content.data };
}
