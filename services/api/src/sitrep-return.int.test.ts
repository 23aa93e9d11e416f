import { validate as validateOpenApi } from '@readme/openapi-parser';
import { readModels } from '@homefirst/schemas';
import { testApiToken } from './testing/api-token';
import { startTestApi } from './testing/test-api';
import { useReaderFixture } from './testing/reader-fixture';

// GET /api/v1/measures/sitrep on the real Redis: the projector's 'sitrep' KPI hash, read back by the API's
// reader, gives the acute discharge sitrep return in the published long format
// (https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/acute-discharge-situation-report/),
// as JSON and as a CSV download, with figures computed by hand.

const NOW = new Date('2025-04-02T12:00:00Z');
const M = readModels.SITREP_METRICS;

// By hand, March 2025: at RXN, A ready 3rd (admitted 20 Feb) discharged 6th → remaining 3 days; B ready 5th,
// DRD 4th, admitted 1st, still waiting → remaining 27 days. At RBQ, C ready 30th, still waiting → 2 days.
// Delayed bed days: RXN 30 (£12,000 at £400), RBQ 2 (£800).
const EPISODES = [
  {
    readyDay: '2025-03-03',
    trust: 'RXN',
    endDay: '2025-03-06',
    outcome: 'discharged',
    dischargeReadyDate: '2025-03-03',
    admittedDay: '2025-02-20',
  },
  {
    readyDay: '2025-03-05',
    trust: 'RXN',
    endDay: null,
    outcome: 'open',
    dischargeReadyDate: '2025-03-04',
    admittedDay: '2025-03-01',
  },
  {
    readyDay: '2025-03-30',
    trust: 'RBQ',
    endDay: null,
    outcome: 'open',
    dischargeReadyDate: '2025-03-30',
    admittedDay: null,
  },
] as const;

describe('the sitrep return is served from the sitrep KPI hash', () => {
  const fixture = useReaderFixture('sitrep-return');
  const hash: Record<string, number> = {};
  for (const episode of EPISODES)
    for (const [field, amount] of readModels.sitrepContribution(episode))
      hash[field] = (hash[field] ?? 0) + amount;

  beforeAll(async () => {
    await fixture.redis().hset(fixture.keys.kpi('sitrep'), hash);
  });

  it("given the stored hash, then the reader's view is the pure view of it", async () => {
    const range = { from: '2025-03-01', to: '2025-03-31' };
    const view = await fixture.reader().sitrepReturn(range);
    expect(view).toEqual(readModels.sitrepReturnView(hash, range));
    const month = view.lines.filter((l) => l.period === '2025-03-01' && l.metricType === 'Monthly metric');
    expect(month.map((l) => [l.orgCode, l.metric, l.value])).toEqual([
      ['RBQ', M.delayedBedDays, 2],
      ['RBQ', M.delayedCost, 800],
      ['RBQ', M.dailyAverageRemaining, 0.06],
      ['RXN', M.delayedBedDays, 30],
      ['RXN', M.delayedCost, 12_000],
      ['RXN', M.dailyAverageRemaining, 0.97],
    ]);
  });

  it('serves it to any role as JSON and as a CSV download, refuses bad ranges, and documents it in OpenAPI', async () => {
    const { app, base } = await startTestApi({
      name: 'sitrep-return-test',
      reader: fixture.reader(),
      clock: () => NOW,
    });
    try {
      const token = await testApiToken({ role: 'trust', org: 'RXN', subject: 'performance-team' });
      const headers = { authorization: `Bearer ${token}` };
      const url = `${base}/api/v1/measures/sitrep?from=2025-03-06&to=2025-03-06`;

      const json = await fetch(url, { headers });
      expect(json.status).toBe(200);
      const body = (await json.json()) as readModels.SitrepReturnView;
      expect(body.lines.filter((l) => l.orgCode === 'RXN').map((l) => [l.metric, l.value])).toEqual([
        [M.nctr, 2],
        [M.discharged, 1],
        [M.remaining, 1],
      ]);

      const csv = await fetch(`${url}&format=csv`, { headers });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toBe(
        'attachment; filename="sitrep-2025-03-06-2025-03-06.csv"',
      );
      expect(await csv.text()).toBe(
        readModels.sitrepReturnCsv(
          readModels.sitrepReturnView(hash, { from: '2025-03-06', to: '2025-03-06' }),
        ),
      );

      const backwards = await fetch(`${base}/api/v1/measures/sitrep?from=2025-03-06&to=2025-03-01`, {
        headers,
      });
      expect(backwards.status).toBe(400);
      const tooLong = await fetch(`${base}/api/v1/measures/sitrep?from=2024-01-01&to=2025-03-01`, {
        headers,
      });
      expect(tooLong.status).toBe(400);
      expect((await fetch(`${base}/api/v1/measures/sitrep?to=2025-03-01`, { headers })).status).toBe(400);
      expect((await fetch(url)).status).toBe(401);

      const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(spec.paths)).toContain('/api/v1/measures/sitrep');
      await expect(validateOpenApi(structuredClone(spec) as never)).resolves.toMatchObject({ valid: true });
    } finally {
      await app.close();
    }
  });
});
