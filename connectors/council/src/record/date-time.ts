import { isValidWallTime } from '@homefirst/schemas';

/**
 * Date-time text of the record format: ISO 8601 with a UTC offset (`Z` or `±hh:mm`), seconds and
 * fractions optional. A time without an offset is ambiguous (GMT or BST?) and is refused; mappings
 * turn an export's local times into this form with their declared time zone (the contract's zoned time,
 * `instantOfWallTime`).
 */
const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):?(\d{2}))$/i;

/** The instant a date-time with offset names, or null when it is not one (or not a real calendar time). */
export function parseOffsetDateTime(text: string): Date | null {
  const match = OFFSET_DATE_TIME.exec(text.trim());
  if (match === null) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '0', zone = 'Z', offsetH = '0', offsetM = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (!isValidWallTime({ year, month, day, hour, minute, second })) return null;
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : Number(offsetH) * 60 + Number(offsetM);
  if (Number(offsetH) > 14 || Number(offsetM) > 59) return null;
  const sign = zone.startsWith('-') ? -1 : 1;
  const millis = Math.round(Number(`0.${fraction}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - sign * offsetMinutes * 60_000;
  return new Date(utc);
}
