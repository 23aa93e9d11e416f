import { instantAtOffset } from '@homefirst/schemas';

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
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : Number(offsetH) * 60 + Number(offsetM);
  if (Number(offsetM) > 59) return null;
  const sign = zone.startsWith('-') ? -1 : 1;
  // The contract's calendar: a real day and time, a plausible year (never 0–99 read as 19xx), second 60
  // only as a leap second (read as :59.999).
  const reading = instantAtOffset(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
      millisecond: Math.floor(Number(`0.${fraction}`) * 1000),
    },
    sign * offsetMinutes,
  );
  return reading.ok ? new Date(reading.ms) : null;
}
