import type { readModels } from '@homefirst/schemas';
import type { Visibility } from './auth/principal';
import type {
  Journey,
  KpiView,
  QueueFacetsView,
  QueueView,
  ReferralsView,
  TrackerStatus,
  TrackerView,
  WeeklyView,
} from './views';

export interface Page {
  readonly page: number;
  readonly pageSize: number;
}

/** The queue's filters (each an index of the projector's). */
export interface QueueFilters {
  readonly site?: string;
  readonly ward?: string;
  readonly pathway?: string;
  readonly reason?: string;
  readonly council?: string;
}

export interface QueueQuery extends Page, QueueFilters {
  /** Only the long-delay cohort (21+ days past the DRD); the counts stay those of the queue. */
  readonly longDelay?: boolean | undefined;
}

/** One council's referrals: the people waiting in hospital who are referred to it. */
export interface ReferralsQuery extends Page {
  readonly council: string;
  /** Only the long-delay cohort (21+ days past the DRD). */
  readonly longDelay?: boolean | undefined;
}

export interface TrackerQuery extends Page {
  readonly statuses?: readonly TrackerStatus[];
  readonly site?: string;
  readonly pathway?: string;
  /** Only episodes still open at `now` (the people waiting), none of the recently ended. */
  readonly open?: boolean;
}

/**
 * The read models as the API serves them, already filtered to what the caller may see (Visibility)
 * and computed for `now`. Implemented over the projector's Redis keys (redis-reader.ts).
 */
/** A page already serialised (its JSON body, UTF-8) and the people it names, in order (for the audit). */
export interface RenderedPage {
  readonly personKeys: readonly string[];
  readonly json: Buffer;
}

export interface ReadModelReader {
  queue(query: QueueQuery, visibility: Visibility, now: Date): Promise<QueueView>;
  /** The queue page as `queue` gives it, as the JSON body the API serves (written from cached parts). */
  queueJson(query: QueueQuery, visibility: Visibility, now: Date): Promise<RenderedPage>;
  /** The count per value of each filter dimension under the other filters, from the indexes. */
  queueFacets(filters: QueueFilters, visibility: Visibility, now: Date): Promise<QueueFacetsView>;
  /** A council's referrals still in hospital, longest wait first, with their brokerage state. */
  referrals(query: ReferralsQuery, visibility: Visibility, now: Date): Promise<ReferralsView>;
  tracker(query: TrackerQuery, visibility: Visibility, now: Date): Promise<TrackerView>;
  weekly(weeks: number, visibility: Visibility, now: Date): Promise<WeeklyView>;
  journey(personKey: string, visibility: Visibility, now: Date): Promise<Journey | undefined>;
  kpis(visibility: Visibility, now: Date): Promise<KpiView>;
  /** DRD timeliness of the discharges from `from` to `to` (London dates, inclusive; open when absent). */
  drdTimeliness(range: { from?: string; to?: string }): Promise<readModels.DrdTimelinessView>;
  /** The acute discharge sitrep return from `from` to `to` (London dates, inclusive), every provider. */
  sitrepReturn(range: { from: string; to: string }): Promise<readModels.SitrepReturnView>;
  /** Intermediate care from `from` to `to` (London dates, inclusive; open when absent), one council or all. */
  intermediateCare(
    range: { from?: string; to?: string },
    council: string | null,
  ): Promise<readModels.IntermediateCareView>;
  /** One row per delay reason for the day, in the shape of the acute discharge sitrep. */
  sitrepCsv(date: string, visibility: Visibility, now: Date): Promise<string>;
  /** Resolves on every change of the read models until the signal aborts. */
  changes(onChange: () => void, signal: AbortSignal): Promise<void>;
  /**
   * A reader bound to the read-model version live now, for one request (so a request never mixes versions);
   * absent when the reader is bound to one namespace already.
   */
  pin?(): Promise<PinnedReader>;
}

export interface PinnedReader {
  /** The read-model namespace every read of the request uses, e.g. `rm:v2:` (sent as a response header). */
  readonly namespace: string;
  readonly reader: ReadModelReader;
}
