import { journeyRecord, queueEntryRecord, storedJson, trackerEpisodeRecord } from '@homefirst/runtime';
import type { readModels } from '@homefirst/schemas';
import { seededRandom } from '@homefirst/testing';
import type { Visibility } from './auth/principal';
import type { QueueFilters } from './reader';
import { awaitingPackageEntry } from './testing/queue-entry';
import { useReaderFixture } from './testing/reader-fixture';
import { FACET_DIMENSIONS, type FacetDimension } from './views';

// What the board reads besides the queue, on the real Redis: the count per filter value (from the
// projector's indexes) equals counting the stored entries, for each role's scope; a council's referrals
// carry the brokerage state of its own events.

const NOW = new Date('2025-03-06T12:00:00Z');
const ADMIN: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: false };
const COUNCIL: Visibility = { trustOrg: null, councilOrg: 'E08000012', pseudonymised: false };
const TRUST: Visibility = { trustOrg: 'RHF', councilOrg: null, pseudonymised: false };
const ANALYST: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: true };
const REASONS = ['AWAITING_P1_NEW_PACKAGE', 'AWAITING_ASSESSMENT', 'AWAITING_TRANSPORT'] as const;

function population(): readModels.QueueEntry[] {
  const random = seededRandom(11);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: 60 }, (_, i) => {
    const trust = pick(['RHF', 'RXN']);
    const reason = pick(REASONS);
    return {
      ...awaitingPackageEntry(
        `board${String(i).padStart(3, '0')}${'y'.repeat(14)}`,
        new Date(Date.parse('2025-03-01T08:00:00Z') + i * 3_600_000).toISOString(),
        {
          nhsNumber: null,
          spellId: `S${i}`,
          trust,
          site: `${trust}0${pick([1, 2])}`,
          ward: pick(['W1', 'W2', 'W3', null]),
          pathway: pick(['P1', 'P2', 'P3'] as const),
        },
      ),
      council: pick(['E08000012', 'E08000011', null]),
      delayReason: reason,
      sitrepReason: reason === 'AWAITING_ASSESSMENT' ? 'AWAITING_P1_NEW_PACKAGE' : reason,
    };
  });
}

/** The facet counts by counting entries: each dimension under every other filter and the scope. */
function expectedFacets(
  entries: readonly readModels.QueueEntry[],
  filters: QueueFilters,
  visibility: Visibility,
): Record<FacetDimension, Array<{ value: string; count: number }>> {
  const valueOf = (e: readModels.QueueEntry, d: FacetDimension): string[] => {
    const v = { site: e.site, ward: e.ward, pathway: e.pathway, council: e.council }[d as 'site'];
    if (d === 'reason') return [...new Set([e.delayReason, e.sitrepReason])];
    return [v === null || v === undefined ? '-' : v];
  };
  const scoped = entries.filter(
    (e) =>
      (visibility.trustOrg === null || e.trust === visibility.trustOrg) &&
      (visibility.councilOrg === null || e.council === visibility.councilOrg),
  );
  const result = {} as Record<FacetDimension, Array<{ value: string; count: number }>>;
  for (const dimension of FACET_DIMENSIONS) {
    const counts = new Map<string, number>();
    for (const e of scoped) {
      const others = FACET_DIMENSIONS.filter((d) => d !== dimension);
      if (!others.every((d) => filters[d] === undefined || valueOf(e, d).includes(filters[d] ?? '')))
        continue;
      for (const v of valueOf(e, dimension)) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    result[dimension] = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return result;
}

describe('the board reads on the real Redis', () => {
  const fixture = useReaderFixture('board');
  const entries = population();
  const referred = entries.find((e) => e.council === 'E08000012');
  if (referred === undefined) throw new Error('the population has nobody referred to E08000012');

  beforeAll(async () => {
    const { keys } = fixture;
    const multi = fixture.redis().multi();
    for (const entry of entries) {
      multi.hset(keys.queueEntry, entry.personKey, storedJson(queueEntryRecord, entry));
      for (const index of keys.queueIndexesOf(entry))
        multi.zadd(index, Date.parse(entry.readySince), entry.personKey);
    }
    const line = (type: readModels.JourneyEvent['type'], at: string, orgCode: string, summary = '') => ({
      at,
      stream: 'council' as const,
      type,
      eventId: `${type}-${at}`,
      orgCode,
      summary,
    });
    const journey: readModels.Journey = {
      personKey: referred.personKey,
      nhsNumber: null,
      mergedFrom: [],
      awayPeriods: [],
      events: [
        line('ReferralReceived', '2025-03-02T09:00:00.000Z', 'E08000012'),
        line('PackageRequested', '2025-03-03T09:00:00.000Z', 'E08000012'),
        line('ProviderOffered', '2025-03-03T10:00:00.000Z', 'E08000012'),
        line(
          'PackageSourced',
          '2025-03-04T09:00:00.000Z',
          'E08000012',
          'Provider X sourced, starting 2025-03-07',
        ),
      ],
    };
    multi.set(keys.journey(referred.personKey), storedJson(journeyRecord, journey));
    await multi.exec();
  });

  const filterSets: QueueFilters[] = [
    {},
    { ward: 'W1' },
    { site: 'RHF01', pathway: 'P2' },
    { reason: 'AWAITING_ASSESSMENT' },
    { reason: 'AWAITING_P1_NEW_PACKAGE', council: 'E08000012' },
    { ward: '-' },
  ];

  it.each([
    ['an admin', ADMIN],
    ['a council', COUNCIL],
    ['a trust', TRUST],
    ['an analyst', ANALYST],
  ])(
    'gives %s a count per filter value equal to counting the entries it may see',
    async (_who, visibility) => {
      for (const filters of filterSets) {
        const view = await fixture.reader().queueFacets(filters, visibility, NOW);
        expect(view.facets).toEqual(expectedFacets(entries, filters, visibility));
        const queue = await fixture.reader().queue({ page: 1, pageSize: 1, ...filters }, visibility, NOW);
        expect(view.total).toBe(queue.total);
      }
    },
  );

  it('gives a council asking for another council no counts', async () => {
    const view = await fixture.reader().queueFacets({ council: 'E08000011' }, COUNCIL, NOW);
    expect(view.total).toBe(0);
    expect(view.facets.ward).toEqual([]);
  });

  it("lists a council's referrals with the brokerage state of its events, and nobody else's", async () => {
    const view = await fixture
      .reader()
      .referrals({ council: 'E08000012', page: 1, pageSize: 200 }, COUNCIL, NOW);
    const mine = entries.filter((e) => e.council === 'E08000012');
    expect(view.total).toBe(mine.length);
    expect(view.items.map((i) => i.personKey).sort()).toEqual(mine.map((e) => e.personKey).sort());
    expect(view.items.find((i) => i.personKey === referred.personKey)?.brokerage).toEqual({
      state: 'sourced',
      since: '2025-03-04T09:00:00.000Z',
      referralReceivedAt: '2025-03-02T09:00:00.000Z',
      offers: 1,
      declines: 0,
      plannedStart: '2025-03-07',
    });
    expect(
      view.items
        .filter((i) => i.personKey !== referred.personKey)
        .every((i) => i.brokerage.state === 'awaiting_referral'),
    ).toBe(true);
    const other = await fixture
      .reader()
      .referrals({ council: 'E08000011', page: 1, pageSize: 200 }, COUNCIL, NOW);
    expect(other.items).toEqual([]);
    const trust = await fixture
      .reader()
      .referrals({ council: 'E08000012', page: 1, pageSize: 200 }, TRUST, NOW);
    expect(trust.items.every((i) => i.trust === 'RHF')).toBe(true);
  });
});

describe("the tracker's open episodes on the real Redis", () => {
  const fixture = useReaderFixture('open');

  it('given one episode still open and one ended yesterday, then open=true gives only the open one, with counts to match', async () => {
    const { keys } = fixture;
    const episode = (id: string, readyAt: string, endedAt: string | null): readModels.TrackerEpisode => ({
      episodeId: id,
      personKey: `${id}${'z'.repeat(22 - id.length)}`,
      spellId: 'S1',
      trust: 'RXN',
      site: 'RXN02',
      ward: 'WARD7',
      location: null,
      pathway: 'P1',
      dischargeReadyDate: readyAt.slice(0, 10),
      readyAt,
      deadline: new Date(Date.parse(readyAt) + 48 * 3_600_000).toISOString(),
      providerSourcedAt: null,
      delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
      endedAt,
      ending: endedAt === null ? null : 'DISCHARGED',
      actualPathway: endedAt === null ? null : 'P1',
    });
    const open = episode('openEp', '2025-03-03T08:00:00.000Z', null);
    const ended = episode('endedEp', '2025-03-01T08:00:00.000Z', '2025-03-05T12:00:00.000Z');
    await fixture
      .redis()
      .multi()
      .hset(keys.trackerEpisode, open.episodeId, storedJson(trackerEpisodeRecord, open))
      .hset(keys.trackerEpisode, ended.episodeId, storedJson(trackerEpisodeRecord, ended))
      .zadd(keys.trackerOpen, Date.parse(open.deadline), open.episodeId)
      .zadd(keys.trackerClosed, Date.parse(ended.endedAt ?? ''), ended.episodeId)
      .exec();
    const page = { page: 1, pageSize: 50 };
    const all = await fixture.reader().tracker(page, ADMIN, NOW);
    expect(all.items.map((i) => i.episodeId).sort()).toEqual(['endedEp', 'openEp']);
    expect(all.counts.breached).toBe(2);
    const stillOpen = await fixture.reader().tracker({ ...page, open: true }, ADMIN, NOW);
    expect(stillOpen.items.map((i) => i.episodeId)).toEqual(['openEp']);
    expect(stillOpen.counts).toEqual({ on_track: 0, at_risk: 0, breached: 1, met: 0, withdrawn: 0 });
  });
});
