import { queueEntryRecord, storedJson } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { seededRandom } from '@homefirst/testing';
import type { Visibility } from './auth/principal';
import type { QueueQuery } from './reader';
import { QUEUE_SUMMARY_TTL_MS, RedisReadModelReader } from './redis-reader';
import { awaitingPackageEntry } from './testing/queue-entry';
import { useReaderFixture } from './testing/reader-fixture';

// The queue page the API reads from the projector's indexes alone (ZRANGE / a walk of the intersection,
// ZCARD / ZINTERCARD; the long-delay cohort from the DRD index) equals the pure view over every stored
// entry, for each filter, several filters, the long-delay cohort, and each role's scope.

const NOW = new Date('2025-03-06T12:00:00Z');
const ADMIN: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: false };
const COUNCIL: Visibility = { trustOrg: null, councilOrg: 'E08000012', pseudonymised: false };
const TRUST: Visibility = { trustOrg: 'RHF', councilOrg: null, pseudonymised: false };
const ANALYST: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: true };
type DelayReason = (typeof readModels.SITREP_REASONS)[number];
const [FIRST, SECOND, THIRD, FOURTH] = readModels.SITREP_REASONS as [
  DelayReason,
  DelayReason,
  DelayReason,
  DelayReason,
];
const REASONS = [FIRST, SECOND, THIRD, FOURTH, 'AWAITING_ASSESSMENT'] as const;

/** 120 people waiting across two trusts, three sites, six wards, two pathways, three councils, five reasons. */
function population(): readModels.QueueEntry[] {
  const random = seededRandom(7);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: 120 }, (_, i) => {
    const readySince = new Date(Date.parse('2025-02-01T08:00:00Z') + Math.floor(random() * 30) * 3_600_000);
    const trust = pick(['RHF', 'RXN']);
    const reason = pick(REASONS);
    return {
      ...awaitingPackageEntry(
        `person${String(i).padStart(3, '0')}${'x'.repeat(13)}`,
        readySince.toISOString(),
        {
          nhsNumber: null,
          spellId: `S${i}`,
          trust,
          site: `${trust}0${pick([1, 2, 3])}`,
          ward: pick(['W1', 'W2', 'W3', 'W4', 'W5', 'W6']),
          pathway: pick(['P1', 'P2'] as const),
        },
      ),
      council: pick(['E08000012', 'E08000011', null]),
      // 33, 21, 20 and 14 days before NOW: the cohort (21+ days) starts at 13 February.
      dischargeReadyDate: pick(['2025-02-01', '2025-02-13', '2025-02-14', '2025-02-20']),
      delayReason: reason,
      sitrepReason: reason === 'AWAITING_ASSESSMENT' ? 'AWAITING_P1_NEW_PACKAGE' : reason,
    };
  });
}

/** The pure view of what `visibility` may see under `query`. */
function expected(entries: readonly readModels.QueueEntry[], query: QueueQuery, visibility: Visibility) {
  // A council asking for another council's people gets an empty page (no counts either).
  if (
    visibility.councilOrg !== null &&
    query.council !== undefined &&
    query.council !== visibility.councilOrg
  )
    return { total: 0, items: [], countsByReason: [], longDelayCount: 0 };
  const scoped = entries.filter(
    (e) =>
      (visibility.trustOrg === null || e.trust === visibility.trustOrg) &&
      (visibility.councilOrg === null || e.council === visibility.councilOrg),
  );
  const { page, pageSize, ...filters } = query;
  const view = readModels.queueView(scoped, NOW, filters as readModels.QueueFilters, { page, pageSize });
  return {
    total: view.total,
    items: view.items.map((item) =>
      visibility.pseudonymised ? { ...item, nhsNumber: null, spellId: null } : item,
    ),
    countsByReason: view.countsByReason,
    longDelayCount: view.longDelayCount,
  };
}

describe('the queue read from the indexes', () => {
  const fixture = useReaderFixture('ix');
  const entries = population();

  beforeAll(async () => {
    const { keys } = fixture;
    const multi = fixture.redis().multi();
    for (const entry of entries) {
      multi.hset(keys.queueEntry, entry.personKey, storedJson(queueEntryRecord, entry));
      for (const index of keys.queueIndexesOf(entry))
        multi.zadd(index, Date.parse(entry.readySince), entry.personKey);
      multi.zadd(keys.queueByDrd, readModels.drdDayNumber(entry.dischargeReadyDate), entry.personKey);
    }
    await multi.exec();
  });

  const queries: QueueQuery[] = [
    { page: 1, pageSize: 10 },
    { page: 3, pageSize: 7 },
    { page: 1, pageSize: 10, site: 'RHF02' },
    { page: 2, pageSize: 5, ward: 'W3' },
    { page: 1, pageSize: 10, reason: 'AWAITING_ASSESSMENT' },
    { page: 1, pageSize: 10, reason: SECOND },
    { page: 1, pageSize: 50, council: 'E08000011' },
    { page: 1, pageSize: 4, site: 'RXN01', pathway: 'P2' },
    { page: 2, pageSize: 3, ward: 'W1', pathway: 'P1', reason: FIRST },
    { page: 9, pageSize: 50, ward: 'W2' },
    { page: 4, pageSize: 6, site: 'RHF01', ward: 'W4' },
    { page: 2, pageSize: 10, council: 'E08000012', pathway: 'P1' },
    { page: 40, pageSize: 3, site: 'RHF03', reason: THIRD },
    { page: 1, pageSize: 10, longDelay: true },
    { page: 2, pageSize: 7, longDelay: true, site: 'RHF02' },
    { page: 1, pageSize: 50, longDelay: true, council: 'E08000012', pathway: 'P1' },
    { page: 1, pageSize: 5, longDelay: false, ward: 'W5' },
  ];

  it.each([
    ['an admin', ADMIN],
    ['a council', COUNCIL],
    ['a trust', TRUST],
    ['an analyst', ANALYST],
  ])('gives %s the same page, total and counts by reason as the pure view', async (_who, visibility) => {
    for (const query of queries) {
      const view = await fixture.reader().queue(query, visibility, NOW);
      const { total, items, countsByReason, longDelayCount } = view;
      expect({ total, items, countsByReason, longDelayCount }).toEqual(expected(entries, query, visibility));
      // The facets (counts only, for the board's headline and filters) count the same cohort.
      const { page: _page, pageSize: _size, longDelay: _cohort, ...filters } = query;
      expect((await fixture.reader().queueFacets(filters, visibility, NOW)).longDelayCount).toBe(
        longDelayCount,
      );
    }
  });

  it('gives the same pages when a filtered queue keeps only 4 members of its intersection (deeper pages walked afresh)', async () => {
    const shallow = new RedisReadModelReader(
      fixture.redis(),
      () => fixture.redis(),
      fixture.keys.namespace,
      readModels.DEFAULT_VIEW_CONFIG,
      QUEUE_SUMMARY_TTL_MS,
      4,
    );
    for (const visibility of [ADMIN, COUNCIL, TRUST])
      for (const query of queries) {
        const view = await shallow.queue(query, visibility, NOW);
        const { total, items, countsByReason, longDelayCount } = view;
        expect({ total, items, countsByReason, longDelayCount }).toEqual(
          expected(entries, query, visibility),
        );
      }
  });

  it('given the population, then its long-delay cohort is neither empty nor everyone (the cases above mean something)', async () => {
    const { longDelayCount, total } = await fixture.reader().queue({ page: 1, pageSize: 1 }, ADMIN, NOW);
    expect(longDelayCount).toBeGreaterThan(10);
    expect(longDelayCount).toBeLessThan(total - 10);
  });

  it('gives a council asking for another council nothing', async () => {
    const view = await fixture.reader().queue({ page: 1, pageSize: 10, council: 'E08000011' }, COUNCIL, NOW);
    expect(view.total).toBe(0);
    expect(view.items).toEqual([]);
  });
});
