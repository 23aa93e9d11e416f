/** What one remap found, per event type: events the topics did not have, had with other content, had as is. */
export interface TypeCounts {
  new: number;
  changed: number;
  unchanged: number;
  /** The same eventId mapped again later in the same run (a resent source message): the first one counts. */
  repeated: number;
}

export interface RemapSummary {
  readonly source: string;
  readonly dryRun: boolean;
  /** Raw records of the source read (from --from, or the earliest). */
  rawRecords: number;
  /** How the raw records map today. */
  mapped: number;
  held: number;
  refused: number;
  /** Events written to the event topic (0 in a dry run). */
  published: number;
  /** Events already on the topic, read to compare with. */
  indexedEvents: number;
  readonly byType: Record<string, TypeCounts>;
  /** Refused raw records by error code (codes and counts only: no patient data). */
  readonly refusals: Record<string, number>;
}

export const emptySummary = (source: string, dryRun: boolean): RemapSummary => ({
  source,
  dryRun,
  rawRecords: 0,
  mapped: 0,
  held: 0,
  refused: 0,
  published: 0,
  indexedEvents: 0,
  byType: {},
  refusals: {},
});

export type Verdict = keyof TypeCounts;

export function countEvent(summary: RemapSummary, type: string, verdict: Verdict): void {
  const counts = (summary.byType[type] ??= { new: 0, changed: 0, unchanged: 0, repeated: 0 });
  counts[verdict] += 1;
}

/** The diff summary as a table for people (the JSON form is the summary itself). */
export function formatRemapSummary(summary: RemapSummary): string {
  const types = Object.keys(summary.byType).sort();
  const width = Math.max(10, ...types.map((t) => t.length));
  const row = (name: string, cells: readonly (string | number)[]): string =>
    `${name.padEnd(width)}  ${cells.map((c) => String(c).padStart(9)).join('  ')}`;
  const total: TypeCounts = { new: 0, changed: 0, unchanged: 0, repeated: 0 };
  const lines = [row('event type', ['new', 'changed', 'unchanged', 'repeated'])];
  for (const type of types) {
    const c = summary.byType[type] as TypeCounts;
    lines.push(row(type, [c.new, c.changed, c.unchanged, c.repeated]));
    total.new += c.new;
    total.changed += c.changed;
    total.unchanged += c.unchanged;
    total.repeated += c.repeated;
  }
  lines.push(row('total', [total.new, total.changed, total.unchanged, total.repeated]));
  const refusals = Object.entries(summary.refusals)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  lines.push(
    '',
    `${summary.source}: ${summary.rawRecords} raw records — ${summary.mapped} mapped, ${summary.held} held (person still unknown), ${summary.refused} refused${refusals === '' ? '' : ` (${refusals})`}; ${summary.indexedEvents} events already on the topic`,
    summary.dryRun
      ? `dry run: nothing published (${total.new + total.changed} events would be)`
      : `published ${summary.published} events (new + changed)`,
  );
  return `${lines.join('\n')}\n`;
}
