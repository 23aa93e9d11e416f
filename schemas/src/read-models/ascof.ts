import type { LocalDate } from '../avro/logical-types';
import { addDays } from './london';
import type { KpiCounts } from './model';
import { hashFields } from './nctr-census';
import { round2 } from './view-common';

/**
 * ASCOF 2D and 2A (Adult Social Care Outcomes Framework, from 2024-25) from the projector's `ascof2d` and
 * `ascof2a` KPI hashes (services/projector/src/readmodels/ascof.ts). Definitions: DHSC
 * https://github.com/DataS-DHSC/ASC-CLD-LA-Dashboard (ASCOF_measures/ASCOF_2D.sql,
 * Create_ASCOF_2A_2425_Onwards.sql); the hub's choices: docs/national-measures.md, "ASCOF 2D and 2A".
 * A figure is only counted for days whose follow-up window has passed by today: 7 days after discharge for
 * 2D part 2 (reablement may start up to 7 days after), 84 days for part 1, 7 days after the end of
 * reablement for 2A (the sequel window).
 */

export interface AscofView {
  /** People 65+ discharged from acute care into reablement, and how many stayed in the community 84 days. */
  readonly ascof2D: {
    /** Part 2 (provision): reablement linked to the discharge, of all eligible discharges. */
    readonly part2: {
      readonly to: LocalDate | null;
      readonly discharges: number;
      readonly intoReablement: number;
      readonly share: number | null;
    };
    /** Part 1 (outcome): of discharges into reablement, none of death, readmission or placement in 84 days. */
    readonly part1: {
      readonly to: LocalDate | null;
      readonly intoReablement: number;
      readonly remainedInCommunity: number;
      readonly share: number | null;
      /** Overlapping: one person may have died after a readmission. */
      readonly died: number;
      readonly readmitted: number;
      readonly placedInCareHome: number;
    };
    /** Discharges of the part 2 range otherwise eligible but without an age band (left out: age unknown). */
    readonly ageUnknown: number;
  };
  /** Reablement episodes of new clients whose sequel is not long-term support. */
  readonly ascof2A: {
    readonly to: LocalDate | null;
    readonly episodes: number;
    readonly notLongTermSupport: number;
    readonly share: number | null;
    /** Outside the measure: died, admitted to hospital, sequel not known; existing clients. */
    readonly deceased: number;
    readonly admittedToHospital: number;
    readonly unclassified: number;
    readonly notNewClient: number;
  };
}

/** Sums a `day|field` hash's fields over days in [from, to]; to null: no day counted. */
function sums(
  hash: Readonly<Record<string, number>>,
  from: LocalDate | null,
  to: LocalDate | null,
): Readonly<Record<string, number>> {
  const totals: Record<string, number> = {};
  if (to === null) return totals;
  for (const [[day = '', field = ''], count] of hashFields(hash)) {
    if ((from === null || day >= from) && day <= to) totals[field] = (totals[field] ?? 0) + count;
  }
  return totals;
}

const shareOf = (part: number, whole: number): number | null => (whole === 0 ? null : round2(part / whole));

/** The last day whose `days`-day follow-up has passed by `today`, capped at `to`; null when before `from`. */
function lastComplete(
  today: LocalDate,
  days: number,
  from: LocalDate | null,
  to: LocalDate,
): LocalDate | null {
  const complete = addDays(today, -days);
  const last = complete < to ? complete : to;
  return from !== null && last < from ? null : last;
}

/** ASCOF 2D and 2A over the London days [from, to] (`to` at most today), as at `today`. */
export function ascofView(
  kpis: Pick<KpiCounts, 'ascof2d' | 'ascof2a'>,
  today: LocalDate,
  from: LocalDate | null,
  to: LocalDate,
): AscofView {
  const to2 = lastComplete(today, 7, from, to);
  const to1 = lastComplete(today, 84, from, to);
  const part2 = sums(kpis.ascof2d, from, to2);
  const part1 = sums(kpis.ascof2d, from, to1);
  const a = sums(kpis.ascof2a, from, to2);
  const n = (totals: Readonly<Record<string, number>>, field: string): number => totals[field] ?? 0;
  return {
    ascof2D: {
      part2: {
        to: to2,
        discharges: n(part2, 'discharges'),
        intoReablement: n(part2, 'linked'),
        share: shareOf(n(part2, 'linked'), n(part2, 'discharges')),
      },
      part1: {
        to: to1,
        intoReablement: n(part1, 'linked'),
        remainedInCommunity: n(part1, 'remained'),
        share: shareOf(n(part1, 'remained'), n(part1, 'linked')),
        died: n(part1, 'died'),
        readmitted: n(part1, 'readmitted'),
        placedInCareHome: n(part1, 'placed'),
      },
      ageUnknown: n(part2, 'ageUnknown'),
    },
    ascof2A: {
      to: to2,
      episodes: n(a, 'episodes'),
      notLongTermSupport: n(a, 'notLongTerm'),
      share: shareOf(n(a, 'notLongTerm'), n(a, 'episodes')),
      deceased: n(a, 'deceased'),
      admittedToHospital: n(a, 'admittedToHospital'),
      unclassified: n(a, 'unclassified'),
      notNewClient: n(a, 'notNewClient'),
    },
  };
}
