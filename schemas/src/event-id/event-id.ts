import { hash, randomUUID } from 'node:crypto';

/** Namespace of Homefirst name-based UUIDs (RFC 9562 v5). Fixed forever: changing it changes every eventId. */
export const EVENT_ID_NAMESPACE = '3f5d8a52-7f0e-4c5e-9a54-2b0b7f4f6a11';

const namespaceBytes = Buffer.from(EVENT_ID_NAMESPACE.replace(/-/g, ''), 'hex');

/** The namespace then the name's UTF-8 bytes, for one-shot hashing; grows to the longest name (synchronous use). */
let input = Buffer.allocUnsafe(1024);
namespaceBytes.copy(input, 0);

/** UUID v5 of the parts, joined with U+001F (unit separator) so ("a","bc") and ("ab","c") differ. */
export const uuidV5 = (parts: readonly string[]): string => {
  const name = parts.join('\u001f');
  const needed = namespaceBytes.length + Buffer.byteLength(name, 'utf8');
  if (needed > input.length) {
    input = Buffer.allocUnsafe(2 * needed);
    namespaceBytes.copy(input, 0);
  }
  const written = input.write(name, namespaceBytes.length, 'utf8');
  // One-shot SHA-1 (no Hash object per id): ids are made for every event ingested and every feed event.
  const bytes = hash('sha1', input.subarray(0, namespaceBytes.length + written), 'buffer').subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export interface EventIdSource {
  readonly channel: string;
  readonly orgCode: string;
  readonly messageId: string | null;
}

/**
 * The eventId of an event mapped from a source message: deterministic when the message has an id, so a
 * resent or replayed message yields the same eventId and consumers dedupe it. `part` tells apart several
 * events from one message (e.g. a Bundle entry's fullUrl, or a CSV row's sequence); leave it empty when a
 * message yields one event of the given type. Random (v4) when the source has no id.
 */
export const eventIdFor = (source: EventIdSource, type: string, part = ''): string =>
  source.messageId === null
    ? randomUUID()
    : uuidV5(['source', source.channel, source.orgCode, source.messageId, type, part]);

/** The eventId of a fact the hub derives (alerts): deterministic from what identifies it, e.g. personKey, spellId, readyAt. */
export const derivedEventId = (type: string, ...identity: readonly string[]): string =>
  uuidV5(['derived', type, ...identity]);
