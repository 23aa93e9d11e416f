import { Type } from '@sinclair/typebox';
import { Nullable } from './schema-kinds';

/**
 * The `ascof` part of GET /api/v1/kpis: ASCOF 2D and 2A (from 2024-25) as schemas read-models/ascof.ts
 * computes them. Definitions and the hub's choices: docs/national-measures.md, "ASCOF 2D and 2A".
 */

const share = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const count = (description: string) => Type.Integer({ minimum: 0, description });
const lastDay = (description: string) => Nullable(Type.String({ format: 'date', description }));

export const AscofViewSchema = Type.Object(
  {
    ascof2D: Type.Object(
      {
        part2: Type.Object(
          {
            to: lastDay(
              'last discharge day counted: 7 days before today (reablement may start up to 7 days after); null: none yet',
            ),
            discharges: count(
              'people 65+ discharged alive after a stay of a night or more, not from a care home or prison, not maternity or to another hospital or hospice',
            ),
            intoReablement: count(
              'of those, discharges with reablement starting from 3 days before to 7 days after',
            ),
            share,
          },
          { description: 'ASCOF 2D part 2 (provision)' },
        ),
        part1: Type.Object(
          {
            to: lastDay('last discharge day counted: 84 days before today; null: none yet'),
            intoReablement: count('discharges into reablement (part 1 denominator)'),
            remainedInCommunity: count(
              'of those, no death, non-elective readmission or new residential/nursing placement within 84 days',
            ),
            share,
            died: count('died within 84 days (the three flags overlap)'),
            readmitted: count('non-elective readmission within 84 days'),
            placedInCareHome: count('council residential or nursing placement started within 84 days'),
          },
          { description: 'ASCOF 2D part 1 (outcome)' },
        ),
        ageUnknown: count(
          'discharges in the part 2 range left out because the admission carried no age band',
        ),
      },
      {
        description:
          'ASCOF 2D: people 65+ discharged from acute care into reablement, and at home 84 days later',
      },
    ),
    ascof2A: Type.Object(
      {
        to: lastDay(
          'last day a reablement episode ended that is counted: 7 days before today (sequel window)',
        ),
        episodes: count('reablement episodes of new clients with a long-term or other known sequel'),
        notLongTermSupport: count('of those, sequel not long-term support'),
        share,
        deceased: count('outside the measure: died before or within 7 days of the end'),
        admittedToHospital: count('outside the measure: ended by admission to hospital'),
        unclassified: count('outside the measure: sequel not known'),
        notNewClient: count('outside the measure: long-term support before the reablement'),
      },
      { description: 'ASCOF 2A: reablement episodes of new clients whose sequel is not long-term support' },
    ),
  },
  { description: 'ASCOF 2D and 2A (from 2024-25); docs/national-measures.md' },
);
