import fc from 'fast-check';
import { city } from '../testing/population';
import { isFeedCouncilType, type SourceEvent } from './feed-event';
import { routeAll } from './route';

/** One person's events from the test city, split by stream (each in its own order). */
const personStreams = (seed: number, cancellations: boolean) => {
  const events = city({ persons: 1, seed, cancellations, firstNhsNumber: seed % 1000 });
  return {
    hospital: events.filter((e) => !isFeedCouncilType(e.type)),
    council: events.filter((e) => isFeedCouncilType(e.type)),
  };
};

/** The two streams merged as `picks` says (true: next hospital event), each stream's order kept. */
const interleave = (
  hospital: readonly SourceEvent[],
  council: readonly SourceEvent[],
  picks: readonly boolean[],
) => {
  const merged: SourceEvent[] = [];
  let h = 0;
  let c = 0;
  for (let i = 0; h < hospital.length || c < council.length; i += 1) {
    const takeHospital = c >= council.length || (h < hospital.length && (picks[i] ?? true));
    merged.push(takeHospital ? hospital[h++]! : council[c++]!);
  }
  return merged;
};

const arrivals = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  picks: fc.array(fc.boolean(), { maxLength: 40 }),
  cancellations: fc.boolean(),
});

describe('route: properties over any arrival order of the two streams', () => {
  it('sends each feed event once, every council event to its own council, each stream in order', () => {
    fc.assert(
      fc.property(arrivals, ({ seed, picks, cancellations }) => {
        const { hospital, council } = personStreams(seed, cancellations);
        const { feed } = routeAll(interleave(hospital, council, picks));
        const ids = feed.map((e) => e.eventId);
        expect(new Set(ids).size).toBe(ids.length);
        const councilFeed = feed.filter((e) => isFeedCouncilType(e.type.slice('Feed'.length)));
        expect(councilFeed.map((e) => [e.laCode, e.sourceEventId])).toEqual(
          council.map((e) => [e.source.orgCode, e.eventId]),
        );
        for (const laCode of new Set(feed.map((e) => e.laCode))) {
          const positions = feed
            .filter((e) => e.laCode === laCode && !isFeedCouncilType(e.type.slice('Feed'.length)))
            .map((e) => hospital.findIndex((h) => h.eventId === e.sourceEventId));
          expect(positions.every((p) => p >= 0)).toBe(true);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same feeds whatever the arrival order, when no referral is cancelled', () => {
    fc.assert(
      fc.property(arrivals, fc.array(fc.boolean(), { maxLength: 40 }), ({ seed, picks }, otherPicks) => {
        const { hospital, council } = personStreams(seed, false);
        const ids = (picked: readonly boolean[]) =>
          routeAll(interleave(hospital, council, picked))
            .feed.map((e) => e.eventId)
            .sort();
        expect(ids(picks)).toEqual(ids(otherPicks));
      }),
      { numRuns: 300 },
    );
  });
});
