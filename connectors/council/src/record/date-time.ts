/**
 * Date-time text of the record format: ISO 8601 with a UTC offset (`Z` or `±hh:mm`), seconds and
 * fractions optional. A time without an offset is ambiguous (GMT or BST?) and is refused; mappings
 * turn an export's local times into this form with their declared time zone.
 */
const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):?(\d{2}))$/i;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

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
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : Number(offsetH) * 60 + Number(offsetM);
  if (Number(offsetH) > 14 || Number(offsetM) > 59) return null;
  const sign = zone.startsWith('-') ? -1 : 1;
  const millis = Math.round(Number(`0.${fraction}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - sign * offsetMinutes * 60_000;
  return new Date(utc);
}

/** The calendar date and wall time of an instant in a time zone (e.g. Europe/London). */
function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in minutes at an instant ("GMT+01:00" → 60). */
export function zoneOffsetMinutes(timeZone: string, epochMillis: number): number {
  const name = offsetFormatter(timeZone)
    .formatToParts(epochMillis)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):?(\d{2}))?$/.exec(name ?? '');
  if (match === null) throw new RangeError(`cannot read the UTC offset of time zone ${timeZone}`);
  const [, sign, hours = '0', minutes = '0'] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    offsetFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * The instant a wall-clock time names in a zone. Around the clocks going back (01:00–02:00 on the last
 * Sunday of October in London happens twice) the earlier instant is taken; a time that does not exist
 * (the hour skipped in March) is read with the offset before the change, i.e. one hour later in BST.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const before = zoneOffsetMinutes(timeZone, asUtc - 24 * 3600_000);
  const after = zoneOffsetMinutes(timeZone, asUtc + 24 * 3600_000);
  // Try the larger offset first (the earlier instant), then the smaller one; keep the one that reads back.
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const instant = asUtc - offset * 60_000;
    if (zoneOffsetMinutes(timeZone, instant) === offset) return new Date(instant);
  }
  return new Date(asUtc - before * 60_000);
}

export const isValidWallTime = (wall: WallTime): boolean =>
  wall.month >= 1 &&
  wall.month <= 12 &&
  wall.day >= 1 &&
  wall.day <= daysInMonth(wall.year, wall.month) &&
  wall.hour <= 23 &&
  wall.minute <= 59 &&
  wall.second <= 59;
