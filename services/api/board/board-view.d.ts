// Types of board-view.js (plain browser JavaScript, no build step) for the unit tests.

export interface BoardState {
  view: 'queue' | 'tracker' | 'council';
  sort: 'wait' | 'wait-asc' | 'ward' | 'reason';
  mode: 'normal' | 'wall';
  site?: string;
  ward?: string;
  pathway?: string;
  reason?: string;
  council?: string;
  status?: 'breached' | 'at_risk' | 'on_track';
  days?: string;
  /** 'true': only the 21+ day cohort (people 21+ days past their discharge ready date). */
  longDelay?: 'true';
}

export interface BoardRow {
  personKey: string;
  site: string | null;
  ward: string | null;
  daysWaiting: number;
  delayReason: string;
}

export interface BoardEpisode {
  personKey: string;
  status: string;
  hoursLeft: number | null;
}

export const DAY_BANDS: ReadonlyArray<{ value: string; label: string; min: number; max: number }>;
export const STATUSES: readonly string[];
export function label(code: string | null | undefined): string;
export function readableSummary(summary: string): string;
export function people(n: number): string;
export function whoseAction(attribution: string): string;
export function parseState(search: string): BoardState;
export function stateToSearch(state: BoardState): string;
export function apiFilters(state: BoardState): URLSearchParams;
export function queueParams(state: BoardState): URLSearchParams;
export function dayBandOf(days: number): string;
export function filterAndSort<T extends BoardRow>(
  items: readonly T[],
  statusByPerson: ReadonlyMap<string, string>,
  state: BoardState,
): T[];
export function clientFacets(
  items: readonly BoardRow[],
  statusByPerson: ReadonlyMap<string, string>,
  state: BoardState,
): { status: Record<string, number>; days: Record<string, number> };
export function headline(
  waiting: number,
  openCounts: Partial<Record<'breached' | 'at_risk' | 'on_track', number>>,
  endedLate7d: number,
): {
  waiting: number;
  breachedNow: number;
  atRiskNow: number;
  onTrackNow: number;
  endedLate7d: number;
  addsUp: boolean;
};
export function countdown(hoursLeft: number | null): string;
export function fortyEightHourOrder<T extends BoardEpisode>(episodes: readonly T[]): T[];
export function wardPages<T extends BoardRow>(
  items: readonly T[],
): Array<{ site: string | null; ward: string | null; items: T[] }>;
export function brokerageLabel(state: string): string;
