import {
  calendarDateProblem,
  instantInZone,
  readIsoDate,
  wallTimeProblem,
  type WallTime,
} from '@homefirst/schemas';
import { parseOffsetDateTime } from '../record/date-time';

/**
 * Date formats of council exports, e.g. `DD/MM/YYYY HH:mm` (LAS-style) or `YYYY-MM-DD HH:mm:ss`.
 * Tokens: YYYY, MM or M, DD or D, HH or H, mm, ss; anything else is literal. A value that already is
 * ISO 8601 (with offset for date-times) is always accepted as it is.
 */
export interface DateFormat {
  readonly text: string;
  /** An ISO 8601 UTC instant for a local time in `timeZone`, or null when the value does not match. */
  toInstant(value: string, timeZone: string): string | null;
  /** YYYY-MM-DD, or null when the value does not match. */
  toLocalDate(value: string): string | null;
}

type Part = Exclude<keyof WallTime, 'millisecond'>;
const TOKENS: readonly (readonly [string, Part, string])[] = [
  ['YYYY', 'year', '(\\d{4})'],
  ['MM', 'month', '(\\d{2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['DD', 'day', '(\\d{2})'],
  ['D', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'],
  ['ss', 'second', '(\\d{2})'],
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export function compileDateFormat(text: string): DateFormat {
  const parts: Part[] = [];
  let pattern = '';
  for (let rest = text; rest !== '';) {
    const token = TOKENS.find(([name]) => rest.startsWith(name));
    if (token === undefined) {
      pattern += escape(rest.charAt(0));
      rest = rest.slice(1);
      continue;
    }
    const [name, part, regex] = token;
    if (parts.includes(part)) throw new RangeError(`date format "${text}" has ${part} twice`);
    parts.push(part);
    pattern += regex;
    rest = rest.slice(name.length);
  }
  for (const needed of ['year', 'month', 'day'] as const) {
    if (!parts.includes(needed)) throw new RangeError(`date format "${text}" has no ${needed}`);
  }
  if (parts.includes('minute') !== parts.includes('hour'))
    throw new RangeError(`date format "${text}" needs both hours and minutes, or neither`);
  const regex = new RegExp(`^${pattern}$`);

  const wallTimeOf = (value: string): WallTime | null => {
    const match = regex.exec(value.trim());
    if (match === null) return null;
    const wall: Record<Part, number> = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    parts.forEach((part, index) => {
      wall[part] = Number(match[index + 1]);
    });
    return wallTimeProblem(wall) === undefined ? wall : null;
  };

  return {
    text,
    toInstant(value, timeZone) {
      const iso = parseOffsetDateTime(value);
      if (iso !== null) return iso.toISOString();
      const wall = wallTimeOf(value);
      if (wall === null) return null;
      const reading = instantInZone(wall, timeZone);
      return reading.ok ? new Date(reading.ms).toISOString() : null;
    },
    toLocalDate(value) {
      const iso = readIsoDate(value.trim());
      if (iso.ok) return iso.date;
      const wall = wallTimeOf(value);
      if (wall === null || calendarDateProblem(wall.year, wall.month, wall.day) !== undefined) return null;
      return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
    },
  };
}
