import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DELAY_FAMILIES, HUB_DELAY_REASON_CODES, readModels, type DelayReason } from '@homefirst/schemas';
import { visibilityOf, type Visibility } from '../auth/principal';
import { ProblemSchema as Problem } from '../problem';
import type { QueueFilters, ReadModelReader } from '../reader';
import { principalOf } from '../server';
import { NullableStringEnum, StringEnum } from '../schema-kinds';
import { PathwaySchema } from '../views';

/**
 * GET /api/v1/measures/delay-reasons: the acute discharge sitrep's delay-reason counts as collected since
 * 27 May 2024 — people still in hospital who no longer meet the criteria to reside, by reason family and
 * reason, for lengths of stay of 7+ and 14+ days, and for everyone waiting whatever the length of stay (allWaiting,
 * as the Intermediate Care Data Collection counts them) (readModels.delayReasonCounts, docs/delay-reasons.md).
 * Counts only, but of the queue the caller may see: scoped exactly as GET /api/v1/queue (a trust its own
 * people, a council the people referred to it), because it reads that queue through the same reader call.
 */

export interface DelayReasonsRouteContext {
  readonly readerFor: (reply: FastifyReply) => Promise<ReadModelReader>;
  readonly nowOf: (query: { now?: string }) => Date;
  /** HOMEFIRST_TABLE5_REASON_MAP: a deployment's own current reason for Table 5 codes. */
  readonly table5ReasonMap: ReadonlyMap<DelayReason, DelayReason>;
}

const errors = { 400: Problem, 401: Problem, 403: Problem, 429: Problem, 503: Problem };
const filterCode = Type.String({ pattern: '^[A-Za-z0-9 ._-]{1,40}$' });
const FamilySchema = StringEnum(DELAY_FAMILIES);
const PathwayOrNull = NullableStringEnum(readModels.PATHWAYS);

const CohortSchema = Type.Object({
  minLengthOfStayDays: Type.Integer({
    description: '7 or 14: length of stay (days from admission) at least this; 0 in allWaiting (everyone)',
  }),
  total: Type.Integer({ description: 'delayed people in the cohort' }),
  byFamily: Type.Array(Type.Object({ family: FamilySchema, count: Type.Integer() }), {
    description: 'every family of the current return, in its order, zeros included',
  }),
  byReason: Type.Array(
    Type.Object({
      reason: Type.String({ description: 'the hub code of the current reason' }),
      family: FamilySchema,
      pathway: PathwayOrNull,
      label: Type.String({ description: 'the reason as the return words it (after "<family> – ")' }),
      count: Type.Integer(),
    }),
    {
      description: 'every current reason, family by family, zeros included; Table 5 codes counted under them',
    },
  ),
  unknownReason: Type.Integer({ description: 'people in the total whose reason is UNKNOWN (in no family)' }),
});

export const DelayReasonCountsViewSchema = Type.Object({
  now: Type.String({ format: 'date-time' }),
  date: Type.String({ format: 'date', description: 'the day lengths of stay are counted to (London)' }),
  cohorts: Type.Array(CohortSchema, {
    description: 'length of stay 7+ then 14+ (the 14+ are in the 7+ too)',
  }),
  lengthOfStayUnknown: Type.Integer({
    description: 'delayed people without an admission time: in no cohort',
  }),
  allWaiting: Type.Object(CohortSchema.properties, {
    description:
      'everyone delayed, whatever the length of stay (those without an admission time included), as the Intermediate Care Data Collection counts delay reasons',
  }),
});

const Query = Type.Object({
  site: Type.Optional(filterCode),
  ward: Type.Optional(filterCode),
  pathway: Type.Optional(PathwaySchema),
  council: Type.Optional(filterCode),
  now: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'count lengths of stay as at this instant (default: now)',
    }),
  ),
});

/** The API types reasons as strings; the reader's come from validated read models, so these only narrow. */
const hubReasonOf = (code: string): DelayReason =>
  HUB_DELAY_REASON_CODES.find((known) => known === code) ?? 'UNKNOWN';
const queueReasonOf = (code: string): readModels.QueueReason =>
  readModels.QUEUE_REASONS.find((known) => known === code) ?? 'UNKNOWN';

/** How many queue entries one read takes while the measure walks the queue. */
export const QUEUE_READ_SIZE = 5_000;

/** Every queue entry the caller may see under these filters, read page by page through the queue's own call. */
export async function visibleQueue(
  reader: ReadModelReader,
  filters: QueueFilters,
  visibility: Visibility,
  now: Date,
  pageSize: number = QUEUE_READ_SIZE,
): Promise<Awaited<ReturnType<ReadModelReader['queue']>>['items'][number][]> {
  const items: Awaited<ReturnType<ReadModelReader['queue']>>['items'][number][] = [];
  for (let page = 1; ; page += 1) {
    const view = await reader.queue({ ...filters, page, pageSize }, visibility, now);
    items.push(...view.items);
    if (view.items.length < pageSize || items.length >= view.total) return items;
  }
}

export function registerDelayReasonsRoute(app: FastifyInstance, context: DelayReasonsRouteContext): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/measures/delay-reasons',
    {
      schema: {
        summary:
          'Delay reasons as the acute discharge sitrep counts them since 27 May 2024: people no longer meeting the criteria to reside, by family (hospital process, care transfer hub process, interface process, capacity, wellbeing concerns) and reason, for lengths of stay of 7+ and 14+ days; scoped like the queue',
        querystring: Query,
        response: { 200: DelayReasonCountsViewSchema, ...errors },
      },
    },
    // Counts only (no person-level rows): not audited, like the queue facets; scoped like the queue.
    async (request, reply) => {
      const { now: _now, ...filters } = request.query;
      const now = context.nowOf(request.query);
      const entries = await visibleQueue(
        await context.readerFor(reply),
        filters,
        visibilityOf(principalOf(request)),
        now,
      );
      return readModels.delayReasonCounts(
        entries.map((item) => ({
          delayReason: queueReasonOf(item.delayReason),
          sitrepReason: hubReasonOf(item.sitrepReason),
          pathway: item.pathway,
          admittedAt: item.admittedAt,
        })),
        now,
        context.table5ReasonMap,
      );
    },
  );
}
