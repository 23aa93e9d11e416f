import type { LocalDate } from '../avro/logical-types';
import type { KpiCounts } from './model';
import { hashFields, nctrCensus } from './nctr-census';
import { SITREP_REASONS } from './reasons';
import { DEFAULT_VIEW_CONFIG, byString, type ViewConfig } from './view-common';

/* ───────────── sitrep export ───────────── */

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const HEADER = [
  'date',
  'site',
  'nctr_patients',
  'discharged',
  'discharged_p0',
  'discharged_p1',
  'discharged_p2',
  'discharged_p3',
  'discharged_pathway_unknown',
  'excess_bed_days_of_discharged',
  'excess_cost_gbp',
  ...SITREP_REASONS.map((reason) => `nctr_${reason.toLowerCase()}`),
];

/**
 * A sitrep-shaped CSV for one London day: one row per site and an ALL row, with the NCTR census by
 * Table 5 delay reason, discharges by pathway and excess bed days of that day's discharges.
 */
export function sitrepCsv(
  kpis: KpiCounts,
  date: LocalDate,
  config: ViewConfig = DEFAULT_VIEW_CONFIG,
): string {
  const census = nctrCensus(kpis.nctr, date).get(date) ?? new Map<string, number>();
  const sites = new Set<string>();
  const nctr = new Map<string, number>();
  for (const [key, count] of census) {
    const [site = '-', reason = 'UNKNOWN'] = key.split('|');
    sites.add(site);
    for (const s of [site, 'ALL']) nctr.set(`${s}|${reason}`, (nctr.get(`${s}|${reason}`) ?? 0) + count);
  }
  const discharged = new Map<string, number>();
  for (const [[day = '', site = '-', pathway = 'UNKNOWN'], count] of hashFields(kpis.discharges)) {
    if (day !== date) continue;
    sites.add(site);
    for (const s of [site, 'ALL']) {
      discharged.set(`${s}|${pathway}`, (discharged.get(`${s}|${pathway}`) ?? 0) + count);
      discharged.set(`${s}|*`, (discharged.get(`${s}|*`) ?? 0) + count);
    }
  }
  const excess = new Map<string, number>();
  for (const [[day = '', site = '-'], days] of hashFields(kpis.excess)) {
    if (day !== date) continue;
    sites.add(site);
    for (const s of [site, 'ALL']) excess.set(s, (excess.get(s) ?? 0) + days);
  }
  const rows = [HEADER.join(',')];
  for (const site of [...[...sites].sort(byString), 'ALL']) {
    const reasons = SITREP_REASONS.map((reason) => nctr.get(`${site}|${reason}`) ?? 0);
    const days = excess.get(site) ?? 0;
    rows.push(
      [
        date,
        site,
        reasons.reduce((sum, n) => sum + n, 0),
        discharged.get(`${site}|*`) ?? 0,
        ...(['P0', 'P1', 'P2', 'P3', 'UNKNOWN'] as const).map((p) => discharged.get(`${site}|${p}`) ?? 0),
        days,
        days * config.bedDayCostGbp,
        ...reasons,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
