import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditSink, PersonRead } from '../audit';
import { visibilityOf, type Visibility } from '../auth/principal';
import { NotFoundError, ValidationError } from '@homefirst/runtime';
import { readModels, type DelayReason } from '@homefirst/schemas';
import { ProblemSchema as Problem } from '../problem';
import type { ReadModelReader, RenderedPage } from '../reader';
import { principalOf } from '../server';
import { registerDelayReasonsRoute } from './delay-reasons';
import { registerIntermediateCareRoute } from './intermediate-care';
import { registerSitrepReturnRoute } from './sitrep-return';
import {
  DrdTimelinessViewSchema,
  JourneySchema,
  KpiViewSchema,
  QueueFacetsViewSchema,
  QueueViewSchema,
  ReferralsViewSchema,
  TrackerViewSchema,
  WeeklyViewSchema,
  type TrackerStatus,
} from '../views';

export interface ReadRoutesOptions {
  readonly reader: ReadModelReader;
  readonly audit: AuditSink;
  readonly maxPageSize: number;
  readonly clock?: () => Date;
  /** HOMEFIRST_TABLE5_REASON_MAP: a deployment's own current reason for Table 5 codes (docs/delay-reasons.md). */
  readonly table5ReasonMap?: ReadonlyMap<DelayReason, DelayReason>;
}

const errors = { 400: Problem, 401: Problem, 403: Problem, 429: Problem, 503: Problem };

const nowParam = Type.Optional(
  Type.String({
    format: 'date-time',
    description: 'compute statuses and waits as at this instant (default: now)',
  }),
);
const pageParams = (max: number) => ({
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: max, default: 50 }),
});

/** The response header naming the read-model namespace a response was read from (one per request). */
export const READ_MODEL_HEADER = 'x-homefirst-read-model';

/** What every read route needs: the reader, the instant to compute at, and the audit of person-level reads. */
interface ReadRouteContext {
  /** The reader for this request: pinned to the live version once (no mixed versions), named in a header. */
  readonly readerFor: (reply: FastifyReply) => Promise<ReadModelReader>;
  readonly maxPageSize: number;
  readonly nowOf: (query: { now?: string }) => Date;
  readonly auditRead: (
    request: FastifyRequest,
    kind: PersonRead['kind'],
    route: string,
    personKeys: readonly string[],
    pseudonymised: boolean,
  ) => Promise<void>;
}

/** A site, ward, pathway, reason or council code used as a filter. */
const filterCode = Type.String({ pattern: '^[A-Za-z0-9 ._-]{1,40}$' });

export function registerReadRoutes(app: FastifyInstance, options: ReadRoutesOptions): void {
  const { reader, audit } = options;
  const clock = options.clock ?? (() => new Date());
  const context: ReadRouteContext = {
    readerFor: async (reply) => {
      if (reader.pin === undefined) return reader;
      const pinned = await reader.pin();
      void reply.header(READ_MODEL_HEADER, pinned.namespace);
      return pinned.reader;
    },
    maxPageSize: options.maxPageSize,
    nowOf: (q) => (q.now === undefined ? clock() : new Date(q.now)),
    auditRead: async (request, kind, route, personKeys, pseudonymised) => {
      await audit({
        kind,
        principal: principalOf(request),
        route,
        personKeys,
        pseudonymised,
        correlationId: String(request.id),
      });
    },
  };
  // Registration order is the order of the paths in /openapi.json.
  registerQueueRoute(app, context);
  registerQueueFacetsRoute(app, context);
  registerReferralsRoute(app, context);
  registerTrackerRoute(app, context);
  registerWeeklyRoute(app, context);
  registerJourneyRoute(app, context);
  registerKpiRoute(app, context);
  registerDrdTimelinessRoute(app, context);
  registerSitrepReturnRoute(app, context);
  registerDelayReasonsRoute(app, { ...context, table5ReasonMap: options.table5ReasonMap ?? new Map() });
  registerIntermediateCareRoute(app, context);
  registerSitrepRoute(app, context);
}

/** A list of people the caller may see (queue, tracker): a view, or its JSON body already written. */
type PersonPage = { readonly items: readonly { readonly personKey: string }[] } | RenderedPage;

/** A list route's query: its schema's, `now` included. */
type PageQuery<Query extends TSchema> = Static<Query> & { readonly now?: string };

/**
 * Registers a list route (queue, tracker): a page of people read with the caller's visibility, as at
 * `now`, and audited (the person keys of the page).
 */
function registerPageRoute<Query extends TSchema>(
  app: FastifyInstance,
  context: ReadRouteContext,
  route: {
    readonly path: string;
    readonly summary: string;
    readonly querystring: Query;
    readonly response: TSchema;
  },
  read: (
    reader: ReadModelReader,
    query: PageQuery<Query>,
    visibility: Visibility,
    now: Date,
  ) => Promise<PersonPage>,
): void {
  app.get<{ Querystring: PageQuery<Query> }>(
    route.path,
    {
      schema: {
        summary: route.summary,
        querystring: route.querystring,
        response: { 200: route.response, ...errors },
      },
    },
    async (request, reply) => {
      // The query as the schema validated it (Fastify cannot narrow a generic querystring).
      const query = request.query as PageQuery<Query>;
      const visibility = visibilityOf(principalOf(request));
      const view = await read(await context.readerFor(reply), query, visibility, context.nowOf(query));
      const rendered = 'json' in view;
      const personKeys = rendered ? view.personKeys : view.items.map((i) => i.personKey);
      await context.auditRead(request, 'page', `GET ${route.path}`, personKeys, visibility.pseudonymised);
      if (!rendered) return view;
      // The body written from the response schema's serializers (queue-json.ts).
      return reply.type('application/json; charset=utf-8').send(view.json);
    },
  );
}

/** The queue's filters, each read from one of the projector's indexes. */
const queueFilterParams = {
  site: Type.Optional(filterCode),
  ward: Type.Optional(filterCode),
  pathway: Type.Optional(
    Type.Union([
      Type.Literal('P0'),
      Type.Literal('P1'),
      Type.Literal('P2'),
      Type.Literal('P3'),
      Type.Literal('UNKNOWN'),
    ]),
  ),
  reason: Type.Optional(filterCode),
  council: Type.Optional(filterCode),
};

/** Only the long-delay cohort: 21+ days past the DRD (NHS England's 2025/26 focus). */
const longDelayParam = Type.Optional(
  Type.Boolean({
    description:
      'true: only the people at least HOMEFIRST_LONG_DELAY_DAYS (21) calendar days past their DRD today (London dates); total is then longDelayCount, the counts by reason stay those of the queue under the other filters',
  }),
);

function registerQueueRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const QueueQuery = Type.Object({
    ...pageParams(context.maxPageSize),
    ...queueFilterParams,
    longDelay: longDelayParam,
    now: nowParam,
  });
  registerPageRoute(
    app,
    context,
    {
      path: '/api/v1/queue',
      summary:
        'Delayed-transfer queue: everyone ready for discharge and still in hospital, longest wait first',
      querystring: QueueQuery,
      response: QueueViewSchema,
    },
    (reader, { now: _now, ...query }, visibility, now) => reader.queueJson(query, visibility, now),
  );
}

function registerQueueFacetsRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const FacetsQuery = Type.Object({ ...queueFilterParams, now: nowParam });
  app.get<{ Querystring: Static<typeof FacetsQuery> }>(
    '/api/v1/queue/facets',
    {
      schema: {
        summary:
          'Counts per filter value of the delayed-transfer queue (site, ward, pathway, reason, council), each under the other filters given, from the indexes',
        querystring: FacetsQuery,
        response: { 200: QueueFacetsViewSchema, ...errors },
      },
    },
    // Counts only (no person-level rows): not audited, like the KPIs; scoped like the queue.
    async (request, reply) => {
      const { now: _now, ...filters } = request.query;
      return (await context.readerFor(reply)).queueFacets(
        filters,
        visibilityOf(principalOf(request)),
        context.nowOf(request.query),
      );
    },
  );
}

function registerReferralsRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const ReferralsQuery = Type.Object({
    ...pageParams(context.maxPageSize),
    council: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9]{1,20}$',
        description: "the council's ONS code; a council user's own by default, required for other roles",
      }),
    ),
    longDelay: longDelayParam,
    now: nowParam,
  });
  app.get<{ Querystring: Static<typeof ReferralsQuery> }>(
    '/api/v1/referrals',
    {
      schema: {
        summary:
          "A council's referrals still in hospital, longest wait first, with their brokerage state (awaiting assessment, package requested, offered/declined, sourced and start date)",
        querystring: ReferralsQuery,
        response: { 200: ReferralsViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const visibility = visibilityOf(principalOf(request));
      const council = request.query.council ?? visibility.councilOrg;
      if (council === null)
        throw new ValidationError('name the council (query parameter council)', [
          { path: 'council', message: 'required for this role' },
        ]);
      const view = await (
        await context.readerFor(reply)
      ).referrals(
        {
          council,
          page: request.query.page,
          pageSize: request.query.pageSize,
          longDelay: request.query.longDelay,
        },
        visibility,
        context.nowOf(request.query),
      );
      await context.auditRead(
        request,
        'page',
        'GET /api/v1/referrals',
        view.items.map((i) => i.personKey),
        visibility.pseudonymised,
      );
      return view;
    },
  );
}

function registerTrackerRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const TrackerQuery = Type.Object({
    ...pageParams(context.maxPageSize),
    status: Type.Optional(
      Type.String({
        pattern: '^(on_track|at_risk|breached|met|withdrawn)(,(on_track|at_risk|breached|met|withdrawn))*$',
        description: 'comma-separated statuses',
      }),
    ),
    site: Type.Optional(filterCode),
    pathway: Type.Optional(filterCode),
    open: Type.Optional(
      Type.Boolean({
        description:
          'only episodes still open (the people waiting now); by default episodes ended in the last 7 days are included',
      }),
    ),
    now: nowParam,
  });
  registerPageRoute(
    app,
    context,
    {
      path: '/api/v1/tracker',
      summary:
        '48-hour discharge tracker: readiness episodes with deadline and status (on track, at risk, breached, met, withdrawn)',
      querystring: TrackerQuery,
      response: TrackerViewSchema,
    },
    (reader, { status, now: _now, ...rest }, visibility, now) => {
      const statuses = status === undefined ? undefined : (status.split(',') as TrackerStatus[]);
      return reader.tracker({ ...rest, ...(statuses && { statuses }) }, visibility, now);
    },
  );
}

function registerWeeklyRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const WeeklyQuery = Type.Object({
    weeks: Type.Integer({ minimum: 1, maximum: 104, default: 8 }),
    now: nowParam,
  });
  app.get<{ Querystring: Static<typeof WeeklyQuery> }>(
    '/api/v1/tracker/weekly',
    {
      schema: {
        summary:
          'Weekly 48-hour figures: discharged within 48 hours, median and p90 hours from ready to discharge, by pathway and site',
        querystring: WeeklyQuery,
        response: { 200: WeeklyViewSchema, ...errors },
      },
    },
    async (request, reply) =>
      (await context.readerFor(reply)).weekly(
        request.query.weeks,
        visibilityOf(principalOf(request)),
        context.nowOf(request.query),
      ),
  );
}

function registerJourneyRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const JourneyParams = Type.Object({
    personKey: Type.String({
      pattern: '^[A-Za-z0-9_-]{22}$',
      description: 'personKey (22 base64url characters)',
    }),
  });
  app.get<{ Params: Static<typeof JourneyParams>; Querystring: { now?: string } }>(
    '/api/v1/people/:personKey/journey',
    {
      schema: {
        summary: "One person's journey: hospital and council events in order, and days away from home",
        params: JourneyParams,
        querystring: Type.Object({ now: nowParam }),
        response: { 200: JourneySchema, 404: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const visibility = visibilityOf(principalOf(request));
      const journey = await (
        await context.readerFor(reply)
      ).journey(request.params.personKey, visibility, context.nowOf(request.query));
      // Not found and not visible look the same, so a caller cannot probe for people outside its scope.
      if (journey === undefined) throw new NotFoundError('no journey for that person within your scope');
      await context.auditRead(
        request,
        'record',
        'GET /api/v1/people/{personKey}/journey',
        [journey.personKey],
        visibility.pseudonymised,
      );
      return journey;
    },
  );
}

function registerKpiRoute(app: FastifyInstance, context: ReadRouteContext): void {
  app.get<{ Querystring: { now?: string } }>(
    '/api/v1/kpis',
    {
      schema: {
        summary:
          "Flow KPIs: NCTR count, discharges by pathway against the system's own targets (HOMEFIRST_PATHWAY_TARGETS), excess bed days and cost, reablement outcomes",
        querystring: Type.Object({ now: nowParam }),
        response: { 200: KpiViewSchema, ...errors },
      },
    },
    async (request, reply) =>
      (await context.readerFor(reply)).kpis(visibilityOf(principalOf(request)), context.nowOf(request.query)),
  );
}

function registerDrdTimelinessRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const Query = Type.Object({
    from: Type.Optional(Type.String({ format: 'date', description: 'first discharge day (London)' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'last discharge day (London)' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  });
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/measures/drd-timeliness',
    {
      schema: {
        summary:
          'Discharge Ready Date timeliness as NHS England publishes it: share discharged on the DRD, delay bands with bed days after the DRD, mean days with and without the 0-day group, by month, trust, site and pathway (format=csv to download)',
        querystring: Query,
        response: { 200: Type.Union([DrdTimelinessViewSchema, Type.String()]), ...errors },
      },
    },
    async (request, reply) => {
      const { from, to, format } = request.query;
      // Aggregates only (no person-level rows): every role sees them, like the KPIs.
      const view = await (
        await context.readerFor(reply)
      ).drdTimeliness({ ...(from !== undefined && { from }), ...(to !== undefined && { to }) });
      if (format !== 'csv') return view;
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="drd-timeliness.csv"')
        .send(readModels.drdTimelinessCsv(view));
    },
  );
}

function registerSitrepRoute(app: FastifyInstance, context: ReadRouteContext): void {
  const SitrepQuery = Type.Object({ date: Type.Optional(Type.String({ format: 'date' })), now: nowParam });
  app.get<{ Querystring: Static<typeof SitrepQuery> }>(
    '/api/v1/sitrep.csv',
    {
      schema: {
        summary: 'Daily sitrep-shaped CSV: people delayed by reason and attribution for one day',
        querystring: SitrepQuery,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv' }), ...errors },
      },
    },
    async (request, reply) => {
      const now = context.nowOf(request.query);
      const date = request.query.date ?? now.toISOString().slice(0, 10);
      const csv = await (
        await context.readerFor(reply)
      ).sitrepCsv(date, visibilityOf(principalOf(request)), now);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="sitrep-${date}.csv"`)
        .send(csv);
    },
  );
}
