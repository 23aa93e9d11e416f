import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { readModels } from '@homefirst/schemas';
import { AscofViewSchema } from './ascof-view';
import { BROKERAGE_STATES } from './brokerage';
import { Nullable, NullableStringEnum, StringEnum } from './schema-kinds';

// The shapes the API serves (and documents in /openapi.json). Times are ISO 8601 strings; durations are
// computed for the request's `now` (default: the server clock), never stored.

/** What every paged view starts with: the `now` it was computed for, then one page of its items. */
const pageOf = <T extends TSchema>(item: T) => ({
  now: Type.String({ format: 'date-time' }),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(item),
});

export const PathwaySchema = StringEnum(readModels.PATHWAYS);
export const TrackerStatusSchema = StringEnum(['on_track', 'at_risk', 'breached', 'met', 'withdrawn']);
export type TrackerStatus = Static<typeof TrackerStatusSchema>;

export const QueueItemSchema = Type.Object({
  personKey: Type.String({ description: 'pseudonymous person id (HMAC of the NHS number)' }),
  nhsNumber: Nullable(Type.String({ description: 'withheld (null) for analysts' })),
  spellId: Nullable(Type.String()),
  trust: Type.String({ description: 'ODS code of the trust' }),
  site: Nullable(Type.String()),
  ward: Nullable(Type.String()),
  pathway: PathwaySchema,
  dischargeReadyDate: Type.String({
    format: 'date',
    description:
      'discharge ready date: the start of the final period of not meeting the criteria to reside (London date)',
  }),
  readySince: Type.String({
    format: 'date-time',
    description: 'discharge ready date/time (start of the current readiness episode)',
  }),
  hoursWaiting: Type.Number(),
  daysWaiting: Type.Number(),
  delayReason: Type.String({ description: 'sitrep delay reason code' }),
  sitrepReason: Type.String({
    description:
      'the hub delay reason code it counts as (docs/delay-reasons.md): the trust’s own, or for the hub-only AWAITING_ASSESSMENT / AWAITING_PACKAGE_START the pathway’s wait',
  }),
  admittedAt: Nullable(
    Type.String({
      format: 'date-time',
      description: 'admission (start of the length of stay); null if unknown',
    }),
  ),
  delayReasonSource: StringEnum(['TRUST', 'DERIVED']),
  attribution: Type.String({ description: 'NHS, SOCIAL_CARE or BOTH' }),
  council: Nullable(Type.String({ description: 'ONS code of the council the person is referred to' })),
  delayReasonSince: Nullable(
    Type.String({
      format: 'date-time',
      description:
        'when the current delay reason began (null in entries projected before the hub recorded it)',
    }),
  ),
  excessBedDays: Type.Number(),
  costGbp: Type.Number(),
  longDelay: Type.Boolean({
    description: 'in the long-delay cohort: excessBedDays at least HOMEFIRST_LONG_DELAY_DAYS (21)',
  }),
  internalDelayHours: Nullable(
    Type.Number({
      description:
        'hours the current reason has lasted when it is internal (HOMEFIRST_INTERNAL_DELAY_REASONS); null for external reasons',
    }),
  ),
  internalDelayOver48h: Type.Boolean({ description: 'an internal delay that has lasted over 48 hours' }),
});
export type QueueItem = Static<typeof QueueItemSchema>;

const longDelayCountSchema = Type.Integer({
  description:
    'people under these filters at least HOMEFIRST_LONG_DELAY_DAYS (21) calendar days past their DRD today (London dates) — NHS England 2025/26 focus; with longDelay=true the items are exactly these',
});

export const QueueViewSchema = Type.Object({
  ...pageOf(QueueItemSchema),
  countsByReason: Type.Array(
    Type.Object({ reason: Type.String(), attribution: Type.String(), count: Type.Integer() }),
    {
      description: 'people waiting by delay reason — the shape of the acute discharge sitrep Table 5',
    },
  ),
  longDelayCount: longDelayCountSchema,
});
export type QueueView = Static<typeof QueueViewSchema>;

export const EpisodeSchema = Type.Object({
  personKey: Type.String(),
  nhsNumber: Nullable(Type.String()),
  episodeId: Type.String(),
  trust: Type.String(),
  site: Nullable(Type.String()),
  pathway: PathwaySchema,
  readyAt: Type.String({ format: 'date-time' }),
  deadline: Type.String({ format: 'date-time' }),
  status: TrackerStatusSchema,
  hoursLeft: Nullable(
    Type.Number({
      description: 'hours to the deadline (negative when breached); null once met or withdrawn',
    }),
  ),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  ending: NullableStringEnum(['DISCHARGED', 'WITHDRAWN', 'DIED']),
  providerSourced: Type.Boolean(),
});
export type Episode = Static<typeof EpisodeSchema>;

export const TrackerViewSchema = Type.Object({
  ...pageOf(EpisodeSchema),
  counts: Type.Object({
    on_track: Type.Integer(),
    at_risk: Type.Integer(),
    breached: Type.Integer(),
    met: Type.Integer(),
    withdrawn: Type.Integer(),
  }),
});
export type TrackerView = Static<typeof TrackerViewSchema>;

export const WeekSchema = Type.Object({
  weekStart: Type.String({ format: 'date' }),
  pathway: StringEnum([...readModels.PATHWAYS, 'ALL' as const]),
  site: Type.String({ description: 'site, or ALL' }),
  discharged: Type.Integer({ description: 'readiness episodes that ended in discharge this week' }),
  within48h: Type.Integer(),
  medianHours: Nullable(Type.Number()),
  p90Hours: Nullable(Type.Number()),
});
export const WeeklyViewSchema = Type.Object({ weeks: Type.Array(WeekSchema) });
export type WeeklyView = Static<typeof WeeklyViewSchema>;

export const JourneySchema = Type.Object({
  personKey: Type.String(),
  nhsNumber: Nullable(Type.String()),
  daysAwayFromHome: Nullable(
    Type.Number({
      description: 'admission to back home, intermediate-care beds included; open journeys count to now',
    }),
  ),
  events: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      stream: StringEnum(['hospital', 'council']),
      type: Type.String(),
      summary: Type.String(),
    }),
  ),
});
export type Journey = Static<typeof JourneySchema>;

const share = Nullable(Type.Number());
export const KpiViewSchema = Type.Object({
  now: Type.String({ format: 'date-time' }),
  nctrNow: Type.Integer({ description: 'people with no criteria to reside, still in hospital' }),
  nctrDaily: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), count: Type.Integer() }), {
    description: 'NCTR census at the end of each London day',
  }),
  dischargesByPathway: Type.Object({
    total: Type.Integer(),
    rows: Type.Array(
      Type.Object({
        pathway: PathwaySchema,
        count: Type.Integer(),
        share,
        targetShare: Nullable(
          Type.Number({
            minimum: 0,
            maximum: 1,
            description:
              "the system's own target share (HOMEFIRST_PATHWAY_TARGETS); null when it set none — there is no national target since the 2020–21 50/45/4/1 assumption was withdrawn",
          }),
        ),
      }),
      { description: "actual pathway shares against the system's own targets" },
    ),
  }),
  excessBedDays: Type.Object({
    discharged: Type.Number(),
    waiting: Type.Number(),
    total: Type.Number(),
    costGbp: Type.Number(),
  }),
  reablement: Type.Object({
    ended: Type.Integer(),
    noOngoingSupport: Type.Integer(),
    shareNoOngoingSupport: share,
  }),
  stillAtHome91: Type.Object(
    { eligible: Type.Integer(), atHome: Type.Integer(), share },
    {
      description:
        'historical: ASCOF 2B1 as published until 2023-24 (at home 91 days after discharge into reablement); replaced by ASCOF 2D (ascof.ascof2D)',
    },
  ),
  intermediateCare: Type.Object({ stays: Type.Integer(), meanLengthOfStayDays: share }),
  ascof: AscofViewSchema,
});
export type KpiView = Static<typeof KpiViewSchema>;

export const FACET_DIMENSIONS = ['site', 'ward', 'pathway', 'reason', 'council'] as const;
export type FacetDimension = (typeof FACET_DIMENSIONS)[number];

const FacetCountsSchema = Type.Array(
  Type.Object({
    value: Type.String({ description: 'the filter value ("-" for none: no ward, no council)' }),
    count: Type.Integer(),
  }),
);
export const QueueFacetsViewSchema = Type.Object({
  now: Type.String({ format: 'date-time' }),
  total: Type.Integer({ description: 'people in the queue under every filter given (as /queue total)' }),
  facets: Type.Object(
    {
      site: FacetCountsSchema,
      ward: FacetCountsSchema,
      pathway: FacetCountsSchema,
      reason: FacetCountsSchema,
      council: FacetCountsSchema,
    },
    {
      description:
        'per dimension, the people each value would show: every filter applied except that dimension’s own; values with none left out. Reasons overlap: a hub-derived reason (AWAITING_ASSESSMENT, AWAITING_PACKAGE_START) is also counted under its sitrep reason.',
    },
  ),
  longDelayCount: longDelayCountSchema,
});
export type QueueFacetsView = Static<typeof QueueFacetsViewSchema>;

export const BrokerageStateSchema = StringEnum(BROKERAGE_STATES, {
  description: "the council's brokerage state, from its events after its latest referral",
});

export const ReferralItemSchema = Type.Object({
  personKey: Type.String(),
  nhsNumber: Nullable(Type.String({ description: 'withheld (null) for analysts' })),
  trust: Type.String(),
  site: Nullable(Type.String()),
  ward: Nullable(Type.String()),
  pathway: PathwaySchema,
  readySince: Type.String({ format: 'date-time' }),
  daysWaiting: Type.Number(),
  dischargeReadyDate: Type.String({ format: 'date' }),
  longDelay: Type.Boolean({ description: 'at least HOMEFIRST_LONG_DELAY_DAYS (21) days past the DRD' }),
  delayReason: Type.String(),
  council: Type.String(),
  brokerage: Type.Object({
    state: BrokerageStateSchema,
    since: Nullable(Type.String({ format: 'date-time' })),
    referralReceivedAt: Nullable(Type.String({ format: 'date-time' })),
    offers: Type.Integer(),
    declines: Type.Integer(),
    plannedStart: Nullable(
      Type.String({ format: 'date', description: 'planned start of the sourced package' }),
    ),
  }),
});
export type ReferralItem = Static<typeof ReferralItemSchema>;
export const ReferralsViewSchema = Type.Object({
  ...pageOf(ReferralItemSchema),
  longDelayCount: longDelayCountSchema,
});
export type ReferralsView = Static<typeof ReferralsViewSchema>;

const shareOrNull = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const DrdTimelinessRowSchema = Type.Object({
  month: Nullable(Type.String({ description: 'YYYY-MM of the discharges; null in the total' })),
  trust: Nullable(Type.String()),
  site: Nullable(Type.String()),
  pathway: Nullable(Type.String()),
  discharged: Type.Integer({ description: 'discharges after a stay of one night or more (deaths excluded)' }),
  shareOnDrd: shareOrNull,
  bands: Type.Array(
    Type.Object({
      band: Type.String({ description: '0, 1, 2-3, 4-6, 7-13, 14-20 or 21+ days from DRD to discharge' }),
      stays: Type.Integer(),
      share: shareOrNull,
      bedDays: Type.Integer({ description: 'bed days after the DRD' }),
    }),
  ),
  meanDaysAfterDrd: Nullable(Type.Number()),
  meanDaysAfterDrdDelayed: Nullable(Type.Number({ description: 'the mean without the 0-day group' })),
  withoutDrd: Type.Integer({ description: 'data quality: discharged stays with no DRD (counted as 0 days)' }),
});
export const DrdTimelinessViewSchema = Type.Object({
  range: Type.Object({ from: Nullable(Type.String()), to: Nullable(Type.String()) }),
  rows: Type.Array(DrdTimelinessRowSchema, { description: 'by month, trust, site and pathway' }),
  total: DrdTimelinessRowSchema,
});
