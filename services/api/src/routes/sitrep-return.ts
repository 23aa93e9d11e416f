import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ValidationError } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { ProblemSchema as Problem } from '../problem';
import type { ReadModelReader } from '../reader';

/**
 * GET /api/v1/measures/sitrep: the acute discharge sitrep return as NHS England publishes it monthly in long
 * format (https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/acute-discharge-situation-report/):
 * per day and provider the people no longer meeting the criteria to reside, discharged and remaining; weekly
 * additional bed days for stays of 7, 14 and 21+ days; monthly delayed bed days and their cost
 * (readModels.sitrepReturnView, docs/national-measures.md). Aggregates only: every role sees them, like the
 * DRD timeliness measure.
 */

export interface SitrepReturnRouteContext {
  readonly readerFor: (reply: FastifyReply) => Promise<ReadModelReader>;
}

const errors = { 400: Problem, 401: Problem, 403: Problem, 429: Problem, 503: Problem };

export const SitrepReturnViewSchema = Type.Object({
  range: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }),
  bedDayCostGbp: Type.Number({ description: 'the £ per delayed bed day the cost lines use' }),
  lines: Type.Array(
    Type.Object({
      period: Type.String({
        format: 'date',
        description: 'the day; the Monday of the week (weekly lines); the first of the month (monthly lines)',
      }),
      orgCode: Type.String({ description: 'the provider (trust) code' }),
      metric: Type.String({ description: 'the metric name as the published file words it' }),
      metricType: Type.String(),
      metricGroup: Type.String(),
      value: Type.Number(),
    }),
    {
      description:
        'daily lines, then weekly, then monthly (whole months in range only); each by period then provider',
    },
  ),
});

const Query = Type.Object({
  from: Type.String({ format: 'date', description: 'first day (London)' }),
  to: Type.String({
    format: 'date',
    description: `last day (London); at most ${readModels.SITREP_MAX_DAYS} days in all`,
  }),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
});

/** The range as asked, or a 400 naming what is wrong with it. */
export function sitrepRange(from: string, to: string): { from: string; to: string } {
  if (to < from)
    throw new ValidationError('the range ends before it starts', [{ path: 'to', message: 'before from' }]);
  if (readModels.daysBetween(from, to) + 1 > readModels.SITREP_MAX_DAYS)
    throw new ValidationError(`at most ${readModels.SITREP_MAX_DAYS} days at a time`, [
      { path: 'to', message: 'range too long' },
    ]);
  return { from, to };
}

export function registerSitrepReturnRoute(app: FastifyInstance, context: SitrepReturnRouteContext): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/measures/sitrep',
    {
      schema: {
        summary:
          'The acute discharge sitrep return in the published long format: per day and provider the people no longer meeting the criteria to reside, discharged and remaining; weekly additional bed days for stays of 7, 14 and 21+ days; monthly delayed bed days and cost (format=csv to download)',
        querystring: Query,
        response: { 200: Type.Union([SitrepReturnViewSchema, Type.String()]), ...errors },
      },
    },
    async (request, reply) => {
      const range = sitrepRange(request.query.from, request.query.to);
      const view = await (await context.readerFor(reply)).sitrepReturn(range);
      if (request.query.format !== 'csv') return view;
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="sitrep-${range.from}-${range.to}.csv"`)
        .send(readModels.sitrepReturnCsv(view));
    },
  );
}
