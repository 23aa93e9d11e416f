import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditSink } from '../audit';
import { visibilityOf } from '../auth/principal';
import { NotFoundError } from '@homefirst/runtime';
import { ProblemSchema as Problem } from '../problem';
import type { ReadModelReader } from '../reader';
import { principalOf } from '../server';
import {
  JourneySchema,
  KpiViewSchema,
  QueueViewSchema,
  TrackerViewSchema,
  WeeklyViewSchema,
  type TrackerStatus,
} from '../views';

export interface ReadRoutesOptions {
  readonly reader: ReadModelReader;
  readonly audit: AuditSink;
  readonly maxPageSize: number;
  readonly clock?: () => Date;
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

export function registerReadRoutes(app: FastifyInstance, options: ReadRoutesOptions): void {
  const { reader, audit } = options;
  const clock = options.clock ?? (() => new Date());
  const nowOf = (q: { now?: string }): Date => (q.now === undefined ? clock() : new Date(q.now));
  const code = Type.String({ pattern: '^[A-Za-z0-9 ._-]{1,40}$' });

  const QueueQuery = Type.Object({
    ...pageParams(options.maxPageSize),
    site: Type.Optional(code),
    ward: Type.Optional(code),
    pathway: Type.Optional(
      Type.Union([
        Type.Literal('P0'),
        Type.Literal('P1'),
        Type.Literal('P2'),
        Type.Literal('P3'),
        Type.Literal('UNKNOWN'),
      ]),
    ),
    reason: Type.Optional(code),
    council: Type.Optional(code),
    now: nowParam,
  });
  app.get<{ Querystring: Static<typeof QueueQuery> }>(
    '/api/v1/queue',
    {
      schema: {
        summary:
          'Delayed-transfer queue: everyone ready for discharge and still in hospital, longest wait first',
        querystring: QueueQuery,
        response: { 200: QueueViewSchema, ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const visibility = visibilityOf(principal);
      const { now: _now, ...query } = request.query;
      const view = await reader.queue(query, visibility, nowOf(request.query));
      await auditRead(
        request,
        'GET /api/v1/queue',
        view.items.map((i) => i.personKey),
        visibility.pseudonymised,
      );
      return view;
    },
  );

  const TrackerQuery = Type.Object({
    ...pageParams(options.maxPageSize),
    status: Type.Optional(
      Type.String({
        pattern: '^(on_track|at_risk|breached|met|withdrawn)(,(on_track|at_risk|breached|met|withdrawn))*$',
        description: 'comma-separated statuses',
      }),
    ),
    site: Type.Optional(code),
    pathway: Type.Optional(code),
    now: nowParam,
  });
  app.get<{ Querystring: Static<typeof TrackerQuery> }>(
    '/api/v1/tracker',
    {
      schema: {
        summary:
          '48-hour discharge tracker: readiness episodes with deadline and status (on track, at risk, breached, met, withdrawn)',
        querystring: TrackerQuery,
        response: { 200: TrackerViewSchema, ...errors },
      },
    },
    async (request) => {
      const visibility = visibilityOf(principalOf(request));
      const { status, now: _now, ...rest } = request.query;
      const statuses = status === undefined ? undefined : (status.split(',') as TrackerStatus[]);
      const view = await reader.tracker(
        { ...rest, ...(statuses && { statuses }) },
        visibility,
        nowOf(request.query),
      );
      await auditRead(
        request,
        'GET /api/v1/tracker',
        view.items.map((i) => i.personKey),
        visibility.pseudonymised,
      );
      return view;
    },
  );

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
    async (request) =>
      reader.weekly(request.query.weeks, visibilityOf(principalOf(request)), nowOf(request.query)),
  );

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
    async (request) => {
      const visibility = visibilityOf(principalOf(request));
      const journey = await reader.journey(request.params.personKey, visibility, nowOf(request.query));
      // Not found and not visible look the same, so a caller cannot probe for people outside its scope.
      if (journey === undefined) throw new NotFoundError('no journey for that person within your scope');
      await auditRead(
        request,
        'GET /api/v1/people/{personKey}/journey',
        [journey.personKey],
        visibility.pseudonymised,
      );
      return journey;
    },
  );

  app.get<{ Querystring: { now?: string } }>(
    '/api/v1/kpis',
    {
      schema: {
        summary:
          'Flow KPIs: NCTR count, discharges by pathway against the 50/45/4/1 planning split, excess bed days and cost, reablement outcomes',
        querystring: Type.Object({ now: nowParam }),
        response: { 200: KpiViewSchema, ...errors },
      },
    },
    async (request) => reader.kpis(visibilityOf(principalOf(request)), nowOf(request.query)),
  );

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
      const now = nowOf(request.query);
      const date = request.query.date ?? now.toISOString().slice(0, 10);
      const csv = await reader.sitrepCsv(date, visibilityOf(principalOf(request)), now);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="sitrep-${date}.csv"`)
        .send(csv);
    },
  );

  async function auditRead(
    request: FastifyRequest,
    route: string,
    personKeys: readonly string[],
    pseudonymised: boolean,
  ): Promise<void> {
    await audit({
      principal: principalOf(request),
      route,
      personKeys,
      pseudonymised,
      correlationId: String(request.id),
    });
  }
}
