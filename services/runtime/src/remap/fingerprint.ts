import { createHash } from 'node:crypto';

/**
 * Fields that say when and in which request the hub recorded an event, not what the event says: a remap
 * sets them anew, so they take no part in "has this event changed?".
 */
const RECORDING_FIELDS: ReadonlySet<string> = new Set(['recordedAt', 'correlationId']);

/**
 * The content of an event as a short stable digest (SHA-256, first 16 bytes, base64url): equal for two
 * events that say the same thing, whichever way they were built — decoded from Avro (absent optionals are
 * null, times are Dates) or fresh from a mapper (absent optionals may be missing). So: keys sorted, null and
 * undefined fields dropped, Dates as epoch milliseconds, Buffers as base64; `recordedAt` and
 * `correlationId` of the envelope ignored.
 */
export function eventFingerprint(event: object): string {
  const envelope = Object.fromEntries(Object.entries(event).filter(([key]) => !RECORDING_FIELDS.has(key)));
  return createHash('sha256').update(canonical(envelope)).digest().subarray(0, 16).toString('base64url');
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `{"$date":${value.getTime()}}`;
  if (Buffer.isBuffer(value)) return `{"$bytes":${JSON.stringify(value.toString('base64'))}}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}
