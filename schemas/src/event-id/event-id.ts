import { hash, randomUUID } from 'node:crypto';

/** Namespace of Homefirst name-based UUIDs (RFC 9562 v5). Fixed forever: changing it changes every eventId. */
export const EVENT_ID_NAMESPACE = '3f5d8a52-7f0e-4c5e-9a54-2b0b7f4f6a11';

const namespaceBytes = Buffer.from(EVENT_ID_NAMESPACE.replace(/-/g, ''), 'hex');

/**
 * The namespace then the name's UTF-8 bytes, for one-shot hashing; grows to the longest name (synchronous
 * use only). `views[n]` is its first n bytes, made once per length: no Buffer per id.
 */
let input = Buffer.allocUnsafe(1024);
namespaceBytes.copy(input, 0);
let views: Buffer[] = [];

/** Room for `bytes` bytes in `input`, keeping the first `used`. */
const ensureRoom = (bytes: number, used: number): void => {
  if (bytes <= input.length) return;
  const larger = Buffer.allocUnsafe(2 * bytes);
  input.copy(larger, 0, 0, used);
  input = larger;
  views = [];
};

/** The variant's hex digit (RFC 9562: bits 10xx) for each hex digit the hash had there. */
const VARIANT_DIGIT: Readonly<Record<string, string>> = Object.fromEntries(
  [...'0123456789abcdef'].map((digit, n) => [digit, ((n & 0x3) | 0x8).toString(16)]),
);

/**
 * UUID v5 of the parts, joined with U+001F (unit separator) so ("a","bc") and ("ab","c") differ. Written
 * straight into one buffer and hashed to hex in one call (ids are made for every event ingested and every feed
 * event): the version digit is then the 13th hex digit, the variant the 17th.
 */
export const uuidV5 = (parts: readonly string[]): string => {
  let length = namespaceBytes.length;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    // At most 3 UTF-8 bytes per UTF-16 unit, and the separator.
    ensureRoom(length + 1 + 3 * part.length, length);
    if (i > 0) input[length++] = 0x1f;
    length += input.write(part, length, 'utf8');
  }
  const view = (views[length] ??= input.subarray(0, length));
  const hex = hash('sha1', view, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${VARIANT_DIGIT[hex[16]!]!}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
