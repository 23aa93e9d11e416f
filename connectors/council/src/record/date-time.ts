import { instantAtOffset, offsetMinutesOf, wallTimeOfDigits } from '@homefirst/schemas';

/**
 * Date-time text of the record format: ISO 8601 with a UTC offset (`Z` or `±hh:mm`), seconds and
 * fractions optional. A time without an offset is ambiguous (GMT or BST?) and is refused; mappings
 * turn an export's local times into this form with their declared time zone (the contract's zoned time,
 * `instantOfWallTime`).
 */
const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant a date-time with offset names, or null when it is not one (or not a real calendar time). */
export function parseOffsetDateTime(text: string): Date | null {
  const match = OFFSET_DATE_TIME.exec(text.trim());
  if (match === null) return null;
  const offsetMinutes = offsetMinutesOf(match[8] ?? 'Z');
  if (offsetMinutes === undefined) return null;
  // The contract's calendar: a real day and time, a plausible year (never 0–99 read as 19xx), second 60
  // only as a leap second (read as :59.999).
  const reading = instantAtOffset(wallTimeOfDigits(match.slice(1, 8)), offsetMinutes);
  return reading.ok ? new Date(reading.ms) : null;
}
