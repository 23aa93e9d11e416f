import { validate as validateOpenApi } from '@readme/openapi-parser';
import { testApiToken } from './testing/api-token';
import { startTestApi } from './testing/test-api';
import { useReaderFixture } from './testing/reader-fixture';
import type { KpiView } from './views';

// GET /api/v1/kpis serves ASCOF 2D and 2A (docs/national-measures.md, "ASCOF 2D and 2A") from the
// projector's `ascof2d` / `ascof2a` hashes on the real Redis, each part counted only for days whose
// follow-up has passed (2D part 2 and 2A: 7 days; 2D part 1: 84 days), and documents them in OpenAPI.
// Definitions: https://github.com/DataS-DHSC/ASC-CLD-LA-Dashboard (ASCOF_measures/ASCOF_2D.sql,
// Create_ASCOF_2A_2425_Onwards.sql).

const NOW = new Date('2025-06-01T12:00:00Z'); // 7 days before: 25 May; 84 days before: 9 March

describe('the KPI route serves ASCOF 2D and 2A', () => {
  const fixture = useReaderFixture('ascof');

  beforeAll(async () => {
    const { keys } = fixture;
    await fixture
      .redis()
      .multi()
      // 10 January (follow-up done): 4 discharges, 2 into reablement, 1 of them still in the community.
      .hset(keys.kpi('ascof2d'), {
        '2025-01-10|discharges': 4,
        '2025-01-10|linked': 2,
        '2025-01-10|remained': 1,
        '2025-01-10|readmitted': 1,
        '2025-01-10|ageUnknown': 1,
        // 20 April: in part 2 (before 25 May), not yet in part 1 (after 9 March).
        '2025-04-20|discharges': 1,
        '2025-04-20|linked': 1,
        // 30 May: within 7 days, in neither part.
        '2025-05-30|discharges': 1,
      })
      .hset(keys.kpi('ascof2a'), {
        '2025-03-01|episodes': 3,
        '2025-03-01|notLongTerm': 2,
        '2025-03-01|longTerm': 1,
        '2025-03-01|deceased': 1,
        '2025-05-28|episodes': 1, // sequel window still open
        '2025-05-28|notLongTerm': 1,
      })
      .exec();
  });

  it('given stored contributions, then a council sees both measures counted by hand, and OpenAPI documents them', async () => {
    const { app, base } = await startTestApi({
      name: 'ascof-test',
      reader: fixture.reader(),
      clock: () => NOW,
      table5ReasonMap: new Map(),
    });
    try {
      const token = await testApiToken({ role: 'council', org: 'E08000012', subject: 'council-user' });
      const res = await fetch(`${base}/api/v1/kpis?now=${NOW.toISOString()}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as KpiView;
      expect(body.ascof).toEqual({
        ascof2D: {
          part2: { to: '2025-05-25', discharges: 5, intoReablement: 3, share: 0.6 },
          part1: {
            to: '2025-03-09',
            intoReablement: 2,
            remainedInCommunity: 1,
            share: 0.5,
            died: 0,
            readmitted: 1,
            placedInCareHome: 0,
          },
          ageUnknown: 1,
        },
        ascof2A: {
          to: '2025-05-25',
          episodes: 3,
          notLongTermSupport: 2,
          share: 0.67,
          deceased: 1,
          admittedToHospital: 0,
          unclassified: 0,
          notNewClient: 0,
        },
      });
      expect(body.stillAtHome91).toEqual({ eligible: 0, atHome: 0, share: null }); // the historical field stays
      const spec = (await (await fetch(`${base}/openapi.json`)).json()) as {
        paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      };
      const kpiResponse = JSON.stringify(spec.paths['/api/v1/kpis']?.get.responses['200']);
      for (const name of ['ascof2D', 'part1', 'remainedInCommunity', 'ascof2A', 'notLongTermSupport'])
        expect(kpiResponse).toContain(`"${name}"`);
      await expect(validateOpenApi(structuredClone(spec) as never)).resolves.toMatchObject({ valid: true });
    } finally {
      await app.close();
    }
  });
});
