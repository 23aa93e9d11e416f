import type { LocalDate } from '@homefirst/schemas';
import { londonParts } from '../model/london-time';

/** Wire formats of times. Trusts and councils write English civil time (GMT or BST) with its offset. */

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function offsetOf(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(minutes / 60))}${separator}${pad(minutes % 60)}`;
}

/** HL7 v2 DTM to the second, local time with offset: `20250106093000+0000`. */
export function hl7DateTime(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}${offsetOf(p.offsetMinutes, '')}`;
}

/** HL7 v2 DT: `20250106`. */
export function hl7Date(date: LocalDate): string {
  return date.replaceAll('-', '');
}

/** ISO 8601 / FHIR dateTime, local time with offset: `2025-01-06T09:30:00+00:00`. */
export function isoLocal(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offsetOf(p.offsetMinutes, ':')}`;
}
