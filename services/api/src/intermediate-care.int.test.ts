import { validate as validateOpenApi } from '@readme/openapi-parser';
import { readModels } from '@homefirst/schemas';
import { testApiToken } from './testing/api-token';
import { startTestApi } from './testing/test-api';
import { useReaderFixture } from './testing/reader-fixture';

// GET /api/v1/measures/intermediate-care on the real Redis: the `icare` KPI hash as the projector writes it
// (readModels.intermediateCareContribution) is read back per council — a council sees its own people only —
// and the figures are those counted by hand from the NHS England Intermediate Care Data Collection
// (https://www.england.nhs.uk/statistics/statistical-work-areas/intermediate-care/) and NICE QS173 statement 2
// (https://www.nice.org.uk/guidance/qs173/chapter/quality-statement-2-starting-bed-based-intermediate-care).

const LIVERPOOL = 'E08000012';
const KNOWSLEY = 'E08000011';
const NOW = new Date('2025-04-02T12:00:00Z');

// Liverpool in March: 2 at home (one ended after 14 days), 2 beds — referred 1 and 4 days before their starts,
// one ended after 21 days. Knowsley: 1 bed, 0 days after referral. By hand, Liverpool: received 2 + 2;
// QS173 1 of 2 within 2 days (0.5); bed length of stay 21. All councils: 3 beds, 2 of 3 within 2 days (0.67).
const PERIODS: readonly readModels.IntermediateCarePeriod[] = [
  {
    council: LIVERPOOL,
    setting: 'HOME',
    startDay: '2025-03-03',
    endDay: '2025-03-17',
    referralDay: '2025-03-01',
    route: 'HOSPITAL',
  },
  {
    council: LIVERPOOL,
    setting: 'HOME',
    startDay: '2025-03-20',
    endDay: null,
    referralDay: '2025-03-18',
    route: 'HOSPITAL',
  },
  {
    council: LIVERPOOL,
    setting: 'BED_BASED',
    startDay: '2025-03-05',
    endDay: '2025-03-26',
    referralDay: '2025-03-04',
    route: 'HOSPITAL',
  },
  {
    council: LIVERPOOL,
    setting: 'BED_BASED',
    startDay: '2025-03-12',
    endDay: null,
    referralDay: '2025-03-08',
    route: 'COMMUNITY',
  },
  {
    council: KNOWSLEY,
    setting: 'BED_BASED',
    startDay: '2025-03-15',
    endDay: null,
    referralDay: '2025-03-15',
    route: 'HOSPITAL',
  },
];

describe('the intermediate-care measure on the real Redis', () => {
  const fixture = useReaderFixture('intermediate-care');

  beforeAll(async () => {
    const multi = fixture.redis().multi();
    for (const period of PERIODS)
      for (const [field, amount] of readModels.intermediateCareContribution(period))
        multi.hincrby(fixture.keys.kpi('icare'), field, amount);
    await multi.exec();
  });

  it('given the stored hash, then the reader counts one council as by hand, and every council together', async () => {
    const march = { from: '2025-03-01', to: '2025-03-31' };
    const liverpool = await fixture.reader().intermediateCare(march, LIVERPOOL);
    expect(liverpool.received.bySetting).toEqual([
      { setting: 'HOME', count: 2 },
      { setting: 'BED_BASED', count: 2 },
    ]);
    expect(liverpool.lengthOfStay).toEqual([
      { setting: 'HOME', ended: 1, meanDays: 14, medianDays: 14 },
      { setting: 'BED_BASED', ended: 1, meanDays: 21, medianDays: 21 },
    ]);
    expect(liverpool.bedBasedStartWithin2Days).toMatchObject({ started: 2, within2Days: 1, share: 0.5 });
    const all = await fixture.reader().intermediateCare(march, null);
    expect(all.bedBasedStartWithin2Days).toMatchObject({ started: 3, within2Days: 2, share: 0.67 });
  });

  it('serves it over HTTP: a council its own, refused another; an administrator any; documented in OpenAPI', async () => {
    const { app, base } = await startTestApi({
      name: 'intermediate-care-test',
      reader: fixture.reader(),
      clock: () => NOW,
    });
    const path = '/api/v1/measures/intermediate-care?from=2025-03-01&to=2025-03-31';
    const get = async (url: string, token?: string) =>
      fetch(`${base}${url}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
    try {
      const council = await testApiToken({ role: 'council', org: LIVERPOOL, subject: 'council-user' });
      const own = await get(path, council);
      expect(own.status).toBe(200);
      const body = (await own.json()) as readModels.IntermediateCareView;
      expect(body.council).toBe(LIVERPOOL);
      expect(body).toEqual(
        JSON.parse(
          JSON.stringify(
            await fixture.reader().intermediateCare({ from: '2025-03-01', to: '2025-03-31' }, LIVERPOOL),
          ),
        ) as unknown,
      );
      expect((await get(`${path}&council=${KNOWSLEY}`, council)).status).toBe(403);
      const admin = await testApiToken({ role: 'admin', subject: 'admin-user' });
      const knowsley = (await (
        await get(`${path}&council=${KNOWSLEY}`, admin)
      ).json()) as readModels.IntermediateCareView;
      expect(knowsley.received.total).toBe(1);
      const everyone = (await (await get(path, admin)).json()) as readModels.IntermediateCareView;
      expect(everyone).toMatchObject({ council: null, received: { total: 5 } });
      expect(
        (await get('/api/v1/measures/intermediate-care?from=2025-03-31&to=2025-03-01', admin)).status,
      ).toBe(400);
      expect((await get(path)).status).toBe(401);
      const spec = (await (await get('/openapi.json')).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(spec.paths)).toContain('/api/v1/measures/intermediate-care');
      await expect(validateOpenApi(structuredClone(spec) as never)).resolves.toMatchObject({ valid: true });
    } finally {
      await app.close();
    }
  });
});
