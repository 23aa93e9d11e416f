import type { LocalDate } from '../avro/logical-types';
import { addDays } from './london';
import { byString } from './view-common';

/** The fields of a KPI count hash, split at `|` (day, then the dimensions), with their counts. */
export const hashFields = (hash: Readonly<Record<string, number>>): [string[], number][] =>
  Object.entries(hash).map(([field, value]) => [field.split('|'), value]);

/** Census counts per (site, reason) at the end of each day, from the NCTR delta hash. */
export function nctrCensus(
  nctr: Readonly<Record<string, number>>,
  until: LocalDate,
): Map<LocalDate, Map<string, number>> {
  const deltas = hashFields(nctr)
    .map(([[day = '', site = '', reason = ''], value]) => ({ day, key: `${site}|${reason}`, value }))
    .filter((delta) => delta.day <= until)
    .sort((a, b) => byString(a.day, b.day));
  const census = new Map<LocalDate, Map<string, number>>();
  const running = new Map<string, number>();
  const first = deltas[0]?.day;
  if (first === undefined) return census;
  let index = 0;
  for (let day = first; day <= until; day = addDays(day, 1)) {
    for (; index < deltas.length && deltas[index]?.day === day; index += 1) {
      const delta = deltas[index];
      if (delta !== undefined) running.set(delta.key, (running.get(delta.key) ?? 0) + delta.value);
    }
    census.set(day, new Map([...running.entries()].filter(([, count]) => count !== 0)));
  }
  return census;
}
