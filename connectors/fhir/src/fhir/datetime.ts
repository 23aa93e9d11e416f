import type { LocalDate } from '@homefirst/schemas';
import { FHIR_DATE } from './model';

/**
 * Dates and times as an English discharge hub reads them. A FHIR date without a time ("2025-01-06") is a
 * day on the ward's calendar, so as an instant it is midnight in Europe/London (23:00Z the day before in
 * summer time); a date-time with a zone is an exact instant. A LocalDate of an instant is its London day.
 */

const LONDON = 'Europe/London';

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const londonOffset = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, timeZoneName: 'shortOffset' });

/** Minutes London is ahead of UTC at that instant: 0 (GMT) or 60 (BST). */
export function londonOffsetMinutes(at: Date): number {
  const name = londonOffset.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/** The instant of a validated FHIR date or date-time (see model.ts `dateTime`). */
export function instantOf(value: string): Date {
  if (FHIR_DATE.test(value)) {
    const utcMidnight = Date.parse(`${value}T00:00:00Z`);
    // Clocks change at 01:00 UTC, so the offset at UTC midnight is the offset at London midnight.
    return new Date(utcMidnight - londonOffsetMinutes(new Date(utcMidnight)) * 60_000);
  }
  return new Date(value);
}

/** The London calendar day of a validated FHIR date or date-time. */
export function localDateOf(value: string): LocalDate {
  if (FHIR_DATE.test(value)) return value;
  return londonDay.format(new Date(value));
}

/** Whether a FHIR date-time carries a time of day (rather than a bare date). */
export const hasTime = (value: string): boolean => !FHIR_DATE.test(value);
