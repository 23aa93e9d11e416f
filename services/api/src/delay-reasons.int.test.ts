import { validate as validateOpenApi } from '@readme/openapi-parser';
import { queueEntryRecord, storedJson } from '@homefirst/runtime';
import { readModels, type DelayReason } from '@homefirst/schemas';
import { seededRandom } from '@homefirst/testing';
import type { Visibility } from './auth/principal';
import { visibleQueue } from './routes/delay-reasons';
import { testApiToken } from './testing/api-token';
import { startTestApi } from './testing/test-api';
import { awaitingPackageEntry } from './testing/queue-entry';
import { useReaderFixture } from './testing/reader-fixture';

// GET /api/v1/measures/delay-reasons counts the queue the caller may see, read through the queue's own
// reader call: on the real Redis, the entries it walks (page by page) are exactly the scoped, filtered stored
// entries, so its counts by family and reason (LoS 7+ and 14+) equal counting those entries by hand.

const NOW = new Date('2025-03-20T12:00:00Z');
const ADMIN: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: false };
const COUNCIL: Visibility = { trustOrg: null, councilOrg: 'E08000012', pseudonymised: false };
const TRUST: Visibility = { trustOrg: 'RHF', councilOrg: null, pseudonymised: false };
const OTHER_COUNCIL_ASKED: Visibility = COUNCIL;
const REASONS: readonly DelayReason[] = [
  'AWAITING_P2_BED',
  'AWAITING_TRANSPORT',
  'P3_CARE_HOME_NOT_AVAILABLE',
];

function population(): readModels.QueueEntry[] {
  const random = seededRandom(16);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: 40 }, (_, i) => {
    const trust = pick(['RHF', 'RXN']);
    const reason = pick(REASONS);
    return {
      ...awaitingPackageEntry(
        `delay${String(i).padStart(3, '0')}${'z'.repeat(14)}`,
        new Date(Date.parse('2025-03-10T08:00:00Z') + i * 3_600_000).toISOString(),
        { nhsNumber: null, spellId: `S${i}`, trust, site: `${trust}01`, ward: 'W1', pathway: 'P2' },
      ),
      council: pick(['E08000012', 'E08000011', null]),
      delayReason: reason,
      sitrepReason: reason,
      // 1 to 30 days before NOW, or unknown
      admittedAt: i % 9 === 0 ? null : new Date(NOW.getTime() - (1 + (i % 30)) * 86_400_000).toISOString(),
    };
  });
}

describe('the delay-reason measure reads the queue the caller may see', () => {
  const fixture = useReaderFixture('delay-reasons');
  const entries = population();

  beforeAll(async () => {
    const { keys } = fixture;
    const multi = fixture.redis().multi();
    for (const entry of entries) {
      multi.hset(keys.queueEntry, entry.personKey, storedJson(queueEntryRecord, entry));
      for (const index of keys.queueIndexesOf(entry))
        multi.zadd(index, Date.parse(entry.readySince), entry.personKey);
    }
    await multi.exec();
  });

  it.each([
    ['an administrator', ADMIN, {}, () => true],
    ['a council', COUNCIL, {}, (e: readModels.QueueEntry) => e.council === 'E08000012'],
    ['a trust', TRUST, {}, (e: readModels.QueueEntry) => e.trust === 'RHF'],
    [
      'a trust filtering one council',
      TRUST,
      { council: 'E08000011' },
      (e: readModels.QueueEntry) => e.trust === 'RHF' && e.council === 'E08000011',
    ],
    ['a council asking for another', OTHER_COUNCIL_ASKED, { council: 'E08000011' }, () => false],
  ] as const)(
    'given %s, then it walks exactly the entries in scope, 7 a read',
    async (_who, visibility, filters, inScope) => {
      const walked = await visibleQueue(fixture.reader(), filters, visibility, NOW, 7);
      const expected = entries.filter(inScope);
      expect(walked.map((item) => item.personKey).sort()).toEqual(expected.map((e) => e.personKey).sort());
      const counted = readModels.delayReasonCounts(
        walked.map((item) => ({
          delayReason: item.delayReason as readModels.QueueReason, // stored by this test: known reasons
          sitrepReason: item.sitrepReason as DelayReason,
          pathway: item.pathway,
          admittedAt: item.admittedAt,
        })),
        NOW,
      );
      expect(counted).toEqual(readModels.delayReasonCounts(expected, NOW));
    },
  );

  it('given every entry, then the 14+ cohort is the people admitted 14 or more days before, as counted by hand', async () => {
    const walked = await visibleQueue(fixture.reader(), {}, ADMIN, NOW);
    const view = readModels.delayReasonCounts(
      walked.map((item) => ({
        delayReason: item.delayReason as readModels.QueueReason,
        sitrepReason: item.sitrepReason as DelayReason,
        pathway: item.pathway,
        admittedAt: item.admittedAt,
      })),
      NOW,
    );
    // By hand: i from 0 to 39, admission unknown when i % 9 = 0 (i = 0, 9, 18, 27, 36: 5 people); the others
    // stayed 1 + (i % 30) days; 14+ when i % 30 ≥ 13: i = 13..29 less 18 and 27 → 15 people.
    // 7+ when i % 30 ≥ 6: i = 6..29 and 36..39 (28) less 9, 18, 27, 36 → 24.
    expect(view.lengthOfStayUnknown).toBe(5);
    expect(view.cohorts[0]?.total).toBe(24);
    expect(view.cohorts[1]?.total).toBe(15);
    // Everyone waiting, whatever the length of stay (Intermediate Care Data Collection): all 40, unknown included.
    expect(view.allWaiting.total).toBe(40);
  });

  it('serves it to a council over HTTP, scoped to its referrals, with a local Table 5 map, and documents it in OpenAPI', async () => {
    const table5ReasonMap = new Map<DelayReason, DelayReason>([
      ['AWAITING_P2_BED', 'P2_BED_ARRANGEMENTS_UNDERWAY'],
    ]);
    const { app, base } = await startTestApi({
      name: 'delay-reasons-test',
      reader: fixture.reader(),
      clock: () => NOW,
      table5ReasonMap,
    });
    try {
      const token = await testApiToken({ role: 'council', org: 'E08000012', subject: 'council-user' });
      const res = await fetch(`${base}/api/v1/measures/delay-reasons`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as readModels.DelayReasonCountsView;
      const mine = entries.filter((e) => e.council === 'E08000012');
      expect(body).toEqual(
        JSON.parse(JSON.stringify(readModels.delayReasonCounts(mine, NOW, table5ReasonMap))) as unknown,
      );
      const p2 = body.cohorts[0]?.byReason.find((r) => r.reason === 'P2_BED_ARRANGEMENTS_UNDERWAY');
      expect(p2?.count).toBeGreaterThan(0); // the council's AWAITING_P2_BED people, counted the local way
      expect((await fetch(`${base}/api/v1/measures/delay-reasons`)).status).toBe(401);
      const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(spec.paths)).toContain('/api/v1/measures/delay-reasons');
      await expect(validateOpenApi(structuredClone(spec) as never)).resolves.toMatchObject({ valid: true });
    } finally {
      await app.close();
    }
  });
});
