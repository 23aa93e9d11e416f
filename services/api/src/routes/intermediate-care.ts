import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ForbiddenError, ValidationError } from '@homefirst/runtime';
import { visibilityOf } from '../auth/principal';
import { ProblemSchema as Problem } from '../problem';
import { Nullable, StringEnum } from '../schema-kinds';
import type { ReadModelReader } from '../reader';
import { principalOf } from '../server';

/**
 * GET /api/v1/measures/intermediate-care: people received into P1 reablement / rehabilitation at home and into
 * P2 beds, length of stay in those services, and the share starting bed-based intermediate care within 2 days
 * of referral — the NHS England Intermediate Care Data Collection's "received into services" and "length of
 * stay in services" (https://www.england.nhs.uk/statistics/statistical-work-areas/intermediate-care/) and NICE
 * QS173 statement 2
 * (https://www.nice.org.uk/guidance/qs173/chapter/quality-statement-2-starting-bed-based-intermediate-care);
 * readModels.intermediateCareView, docs/national-measures.md. Delays of everyone waiting, whatever the length
 * of stay, are GET /api/v1/measures/delay-reasons' allWaiting.
 *
 * Aggregates kept per council: a council user sees its own council's people (asking for another is refused);
 * other roles see every council's, or the one they name. A trust is not a dimension of these counts (the
 * services are the council's and community providers'), so a trust sees the same aggregates as an administrator.
 */

export interface IntermediateCareRouteContext {
  readonly readerFor: (reply: FastifyReply) => Promise<ReadModelReader>;
}

const errors = { 400: Problem, 401: Problem, 403: Problem, 429: Problem, 503: Problem };
const SettingSchema = StringEnum(['HOME', 'BED_BASED']);
const RouteSchema = StringEnum(['HOSPITAL', 'COMMUNITY', 'UNKNOWN']);
const NullableNumber = Nullable(Type.Number());
const qs173Fields = {
  started: Type.Integer({
    description: 'bed-based starts in the range (the hub counts every start as accepted)',
  }),
  within2Days: Type.Integer({
    description: 'of those, started at most 2 days (London dates) after referral',
  }),
  share: Nullable(Type.Number({ description: 'within2Days / started; null when none' })),
};

export const IntermediateCareViewSchema = Type.Object({
  range: Type.Object({
    from: Nullable(Type.String({ format: 'date' })),
    to: Nullable(Type.String({ format: 'date' })),
  }),
  council: Nullable(Type.String({ description: 'the council counted; null: every council' })),
  received: Type.Object(
    {
      total: Type.Integer(),
      bySetting: Type.Array(Type.Object({ setting: SettingSchema, count: Type.Integer() })),
    },
    {
      description:
        'periods started in the range (ReablementStarted): HOME is P1 reablement / rehabilitation at home, BED_BASED a P2 bed',
    },
  ),
  lengthOfStay: Type.Array(
    Type.Object({
      setting: SettingSchema,
      ended: Type.Integer({ description: 'periods that ended in the range' }),
      meanDays: NullableNumber,
      medianDays: NullableNumber,
    }),
    {
      description:
        'calendar days (London) from start date to end date of the periods that ended in the range',
    },
  ),
  bedBasedStartWithin2Days: Type.Object(
    {
      ...qs173Fields,
      medianDaysFromReferral: NullableNumber,
      byRoute: Type.Array(Type.Object({ route: RouteSchema, ...qs173Fields }), {
        description:
          'QS173 part a) from hospital (route of access discharge from hospital), b) from the community (other routes); UNKNOWN: no route of access',
      }),
    },
    {
      description:
        'NICE QS173 statement 2, by the start day; the referral is the request for the bed (PackageRequested REABLEMENT_BED), else the council referral',
    },
  ),
});

const Query = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'first day (London); open when absent' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'last day (London); open when absent' })),
  council: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9]{1,12}$',
      description: "a council's ONS code; a council user's own by default (and only)",
    }),
  ),
});

/** The council a caller's counts are of: a council user's own; for others the one asked for, or all. */
export function intermediateCareCouncil(councilOrg: string | null, asked: string | undefined): string | null {
  if (councilOrg === null) return asked ?? null;
  if (asked !== undefined && asked !== councilOrg)
    throw new ForbiddenError("a council sees its own people's intermediate care only");
  return councilOrg;
}

export function registerIntermediateCareRoute(
  app: FastifyInstance,
  context: IntermediateCareRouteContext,
): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/measures/intermediate-care',
    {
      schema: {
        summary:
          'Intermediate care: people received into P1 reablement at home and P2 beds, length of stay in services, and the share starting bed-based intermediate care within 2 days of referral (NICE QS173); a council sees its own people',
        querystring: Query,
        response: { 200: IntermediateCareViewSchema, ...errors },
      },
    },
    // Counts only (no person-level rows): not audited, like the KPIs.
    async (request, reply) => {
      const { from, to } = request.query;
      if (from !== undefined && to !== undefined && to < from)
        throw new ValidationError('the range ends before it starts', [
          { path: 'to', message: 'before from' },
        ]);
      const council = intermediateCareCouncil(
        visibilityOf(principalOf(request)).councilOrg,
        request.query.council,
      );
      return (await context.readerFor(reply)).intermediateCare(
        { ...(from !== undefined && { from }), ...(to !== undefined && { to }) },
        council,
      );
    },
  );
}
