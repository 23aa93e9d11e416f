import type { LocalDate } from '../avro/logical-types';
import { hashFields } from './nctr-census';
import { round2 } from './view-common';

/*
 * Discharge Ready Date timeliness, as NHS England publishes it monthly (statistics: "Discharge delays —
 * Discharge Ready Date", https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/;
 * definitions: "Discharge ready date: guidance, examples and FAQs"): of the patients discharged in a period
 * after a stay of one night or more, the share discharged on their discharge ready date, the shares delayed
 * 1, 2–3, 4–6, 7–13, 14–20 and 21+ days with the bed days after the DRD in each band, and the average days
 * from DRD to discharge with and without the 0-day group.
 *
 * The hub's choices where the definition is silent (docs/national-measures.md):
 * - The DRD is that of the readiness episode the discharge ended — the start of the *final* period of not
 *   meeting the criteria to reside; an earlier episode ended by meeting the criteria again does not count.
 * - A stay with no such episode (no DRD recorded, or criteria met again before leaving) counts as
 *   discharged on its DRD (0 days), as the guidance says of a blank DRD, and is counted in `withoutDrd`.
 * - Days are calendar days in London between the DRD and the discharge date; deaths are not discharges.
 */

export const DRD_BANDS = ['0', '1', '2-3', '4-6', '7-13', '14-20', '21+'] as const;
export type DrdBand = (typeof DRD_BANDS)[number];

/** The band of a delay of `days` calendar days from DRD to discharge. */
export const drdBandOf = (days: number): DrdBand =>
  days <= 0
    ? '0'
    : days === 1
      ? '1'
      : days <= 3
        ? '2-3'
        : days <= 6
          ? '4-6'
          : days <= 13
            ? '7-13'
            : days <= 20
              ? '14-20'
              : '21+';

/** What one discharged stay adds to the `drd` KPI hash: [field, amount] pairs. */
export function drdContribution(stay: {
  readonly day: LocalDate;
  readonly trust: string;
  readonly site: string;
  readonly pathway: string;
  /** Calendar days from the DRD to the discharge; null when the stay had no DRD (counted as 0). */
  readonly daysAfterDrd: number | null;
}): [string, number][] {
  const days = Math.max(0, stay.daysAfterDrd ?? 0);
  const group = `${stay.day}|${stay.trust}|${stay.site}|${stay.pathway}|${drdBandOf(days)}`;
  const fields: [string, number][] = [[`${group}|stays`, 1]];
  if (days > 0) fields.push([`${group}|days`, days]);
  if (stay.daysAfterDrd === null) fields.push([`${group}|nodrd`, 1]);
  return fields;
}

export interface DrdBandFigure {
  readonly band: DrdBand;
  readonly stays: number;
  /** Of the group's discharges; null when it has none. */
  readonly share: number | null;
  /** Bed days after the DRD of the stays in the band. */
  readonly bedDays: number;
}

export interface DrdTimelinessRow {
  /** YYYY-MM of the discharges; null in the total row. */
  readonly month: string | null;
  readonly trust: string | null;
  readonly site: string | null;
  readonly pathway: string | null;
  readonly discharged: number;
  readonly shareOnDrd: number | null;
  readonly bands: readonly DrdBandFigure[];
  /** Mean days from DRD to discharge over every discharge (the 0-day group included). */
  readonly meanDaysAfterDrd: number | null;
  /** The same over the delayed discharges only (1 day or more). */
  readonly meanDaysAfterDrdDelayed: number | null;
  /** Discharged stays (one night or more) with no DRD recorded: the data-quality figure. */
  readonly withoutDrd: number;
}

export interface DrdTimelinessView {
  readonly range: { readonly from: LocalDate | null; readonly to: LocalDate | null };
  /** By month, trust, site and pathway; then one row for everything in range. */
  readonly rows: readonly DrdTimelinessRow[];
  readonly total: DrdTimelinessRow;
}

interface Tally {
  stays: Map<DrdBand, number>;
  days: Map<DrdBand, number>;
  withoutDrd: number;
}

const emptyTally = (): Tally => ({ stays: new Map(), days: new Map(), withoutDrd: 0 });

const rowOf = (
  key: Omit<
    DrdTimelinessRow,
    'discharged' | 'shareOnDrd' | 'bands' | 'meanDaysAfterDrd' | 'meanDaysAfterDrdDelayed' | 'withoutDrd'
  >,
  tally: Tally,
): DrdTimelinessRow => {
  const discharged = DRD_BANDS.reduce((sum, band) => sum + (tally.stays.get(band) ?? 0), 0);
  const onDrd = tally.stays.get('0') ?? 0;
  const days = DRD_BANDS.reduce((sum, band) => sum + (tally.days.get(band) ?? 0), 0);
  const share = (n: number): number | null => (discharged === 0 ? null : round2(n / discharged));
  return {
    ...key,
    discharged,
    shareOnDrd: share(onDrd),
    bands: DRD_BANDS.map((band) => ({
      band,
      stays: tally.stays.get(band) ?? 0,
      share: share(tally.stays.get(band) ?? 0),
      bedDays: tally.days.get(band) ?? 0,
    })),
    meanDaysAfterDrd: discharged === 0 ? null : round2(days / discharged),
    meanDaysAfterDrdDelayed: discharged - onDrd === 0 ? null : round2(days / (discharged - onDrd)),
    withoutDrd: tally.withoutDrd,
  };
};

/** The DRD timeliness table from the `drd` KPI hash, for discharges from `from` to `to` (inclusive). */
export function drdTimelinessView(
  hash: Readonly<Record<string, number>>,
  range: { readonly from?: LocalDate; readonly to?: LocalDate } = {},
): DrdTimelinessView {
  const groups = new Map<string, { key: [string, string, string, string]; tally: Tally }>();
  const total = emptyTally();
  for (const [[day = '', trust = '', site = '', pathway = '', band = '', measure = ''], value] of hashFields(
    hash,
  )) {
    if ((range.from !== undefined && day < range.from) || (range.to !== undefined && day > range.to))
      continue;
    if (!(DRD_BANDS as readonly string[]).includes(band)) continue;
    const month = day.slice(0, 7);
    const id = `${month}|${trust}|${site}|${pathway}`;
    let group = groups.get(id);
    if (group === undefined)
      groups.set(id, (group = { key: [month, trust, site, pathway], tally: emptyTally() }));
    for (const tally of [group.tally, total]) {
      const b = band as DrdBand;
      if (measure === 'stays') tally.stays.set(b, (tally.stays.get(b) ?? 0) + value);
      else if (measure === 'days') tally.days.set(b, (tally.days.get(b) ?? 0) + value);
      else if (measure === 'nodrd') tally.withoutDrd += value;
    }
  }
  const rows = [...groups.values()]
    .sort((a, b) => a.key.join('|').localeCompare(b.key.join('|')))
    .map(({ key: [month, trust, site, pathway], tally }) => rowOf({ month, trust, site, pathway }, tally));
  return {
    range: { from: range.from ?? null, to: range.to ?? null },
    rows,
    total: rowOf({ month: null, trust: null, site: null, pathway: null }, total),
  };
}

const CSV_HEADER = [
  'month',
  'trust',
  'site',
  'pathway',
  'discharged',
  'share_on_drd',
  'mean_days_after_drd',
  'mean_days_after_drd_delayed',
  'without_drd',
  ...DRD_BANDS.flatMap((band) => [`stays_${band}`, `share_${band}`, `bed_days_${band}`]),
];

const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The table as CSV, one line per month × trust × site × pathway then `ALL`, the bands across. */
export function drdTimelinessCsv(view: DrdTimelinessView): string {
  const line = (row: DrdTimelinessRow): string =>
    [
      row.month ?? 'ALL',
      row.trust ?? 'ALL',
      row.site ?? 'ALL',
      row.pathway ?? 'ALL',
      row.discharged,
      row.shareOnDrd,
      row.meanDaysAfterDrd,
      row.meanDaysAfterDrdDelayed,
      row.withoutDrd,
      ...row.bands.flatMap((band) => [band.stays, band.share, band.bedDays]),
    ]
      .map(csvCell)
      .join(',');
  return `${[CSV_HEADER.join(','), ...view.rows.map(line), line(view.total)].join('\r\n')}\r\n`;
}
