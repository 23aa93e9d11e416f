import { readIsoDateTime, readModels, type LocalDate } from '@homefirst/schemas';
import { FHIR_DATE } from './model';

/**
 * Dates and times as an English discharge hub reads them. A FHIR date without a time ("2025-01-06") is a
 * day on the ward's calendar, so as an instant it is midnight in Europe/London (23:00Z the day before in
 * summer time); a date-time with a zone is an exact instant. A LocalDate of an instant is its London day.
 * The London calendar is the contract's (readModels). Values reach here validated by model.ts (a real
 * calendar day and time); a leap second (23:59:60 UTC on a month end, which FHIR allows) is read as the
 * last millisecond before it, so it keeps its order and its day.
 */

/** The instant of a validated FHIR date or date-time (see model.ts `dateTime`). */
export function instantOf(value: string): Date {
  if (FHIR_DATE.test(value)) {
    return new Date(readModels.startOfLocalDay(value));
  }
  const reading = readIsoDateTime(value);
  // model.ts refused anything else at the boundary; reaching here unvalidated is a programming error.
  if (!reading.ok) throw new RangeError(`instantOf: an unvalidated date-time (${reading.problem})`);
  return new Date(reading.ms);
}

/** The London calendar day of a validated FHIR date or date-time. */
export function localDateOf(value: string): LocalDate {
  if (FHIR_DATE.test(value)) return value;
  return readModels.localDateOf(instantOf(value).getTime());
}

/** Whether a FHIR date-time carries a time of day (rather than a bare date). */
export const hasTime = (value: string): boolean => !FHIR_DATE.test(value);
