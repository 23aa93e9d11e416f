import type { LocalDate } from '../avro/logical-types';
import type { Pathway } from '../generated/events';
import type { WeeklyDischarge } from './model';
import { byString, round2, roundOrNull } from './view-common';

/* ───────────── weekly 48-hour figures ───────────── */

export interface WeeklyRow {
  readonly weekStart: LocalDate;
  readonly pathway: Pathway | 'ALL';
  readonly site: string;
  /** Readiness episodes that ended in discharge that week. */
  readonly discharged: number;
  readonly within48h: number;
  readonly shareWithin48h: number | null;
  /** Median hours from ready to discharge (mean of the middle two for an even count). */
  readonly medianHours: number | null;
  /** 90th percentile, nearest rank. */
  readonly p90Hours: number | null;
}

const median = (sorted: readonly number[]): number | null => {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const nearestRank = (sorted: readonly number[], p: number): number | null =>
  sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null);

/** Weekly 48-hour figures by pathway and site, with ALL rows; weeks as stored (Monday of the discharge week). */
export function weeklyFigures(weeks: ReadonlyMap<LocalDate, Iterable<WeeklyDischarge>>): WeeklyRow[] {
  const rows: WeeklyRow[] = [];
  for (const [weekStart, figures] of [...weeks.entries()].sort(([a], [b]) => byString(a, b))) {
    const groups = new Map<string, { pathway: Pathway | 'ALL'; site: string; hours: number[] }>();
    for (const figure of figures) {
      for (const pathway of ['ALL', figure.pathway] as const) {
        for (const site of ['ALL', figure.site]) {
          const key = `${pathway}|${site}`;
          let group = groups.get(key);
          if (group === undefined) {
            group = { pathway, site, hours: [] };
            groups.set(key, group);
          }
          group.hours.push(figure.hours);
        }
      }
    }
    for (const key of [...groups.keys()].sort(byString)) {
      const group = groups.get(key);
      if (group === undefined) continue;
      const sorted = [...group.hours].sort((a, b) => a - b);
      const within48h = sorted.filter((hours) => hours <= 48).length;
      rows.push({
        weekStart,
        pathway: group.pathway,
        site: group.site,
        discharged: sorted.length,
        within48h,
        shareWithin48h: round2(within48h / sorted.length),
        medianHours: roundOrNull(median(sorted)),
        p90Hours: roundOrNull(nearestRank(sorted, 0.9)),
      });
    }
  }
  return rows;
}
