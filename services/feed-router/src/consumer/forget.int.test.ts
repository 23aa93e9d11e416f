import { readHistory } from '@homefirst/runtime';
import { waitFor } from '@homefirst/testing';
import { isForgettable } from '../routing/forget';
import type { SourceEvent } from '../routing/feed-event';
import { routeAll } from '../routing/route';
import { CITY_COUNCILS, city } from '../testing/population';
import { FeedReader, codecFor, expectedFeeds, publishEvents } from '../testing/stack';
import { routerOn, useRouterStack } from '../testing/router-stack';

// People the router may forget (routing/forget.ts) leave its memory and the state topic (tombstones) once
// their partition's events have moved far enough on, and the feeds are those of a fresh routing all the same.

const DAY = 24 * 3_600_000;
const later = (events: readonly SourceEvent[], ms: number): SourceEvent[] =>
  events.map((e) => ({
    ...e,
    occurredAt: new Date(e.occurredAt.getTime() + ms),
    recordedAt: new Date(e.recordedAt.getTime() + ms),
  }));

describe('FeedRouter forgetting people (real Kafka, registry)', () => {
  const { stack, topics } = useRouterStack('it-forget', CITY_COUNCILS);

  it("forgets the spring's people who went home once autumn's events arrive, and tombstones their state", async () => {
    // No cancellations: then a fresh routing's feeds do not depend on how the two topics interleave.
    const spring = city({ persons: 150, seed: 11, cancellations: false, firstNhsNumber: 40_000 });
    const autumn = later(
      city({ persons: 60, seed: 12, cancellations: false, firstNhsNumber: 50_000 }),
      180 * DAY,
    );
    const now = Math.min(...autumn.map((e) => e.occurredAt.getTime()));
    const byPerson = new Map<string, SourceEvent[]>();
    for (const e of spring) byPerson.set(e.personKey, [...(byPerson.get(e.personKey) ?? []), e]);
    const forgettable = [...byPerson.values()].filter((events) => isForgettable(routeAll(events).state, now));
    expect(forgettable.length).toBeGreaterThan(byPerson.size / 2);

    const router = routerOn(stack, topics, 'forget-router');
    const reader = new FeedReader(stack.kafka, codecFor(stack.config));
    try {
      await router.start();
      await publishEvents(stack.kafka, stack.config, spring);
      await waitFor(
        'spring routed',
        () => (router.counts.consumed >= spring.length ? true : undefined),
        60_000,
      );
      expect(router.counts.forgotten).toBe(0);
      await publishEvents(stack.kafka, stack.config, autumn);
      const all = spring.length + autumn.length;
      await waitFor('autumn routed', () => (router.counts.consumed >= all ? true : undefined), 60_000);
      expect(router.counts.forgotten).toBe(forgettable.length);

      // The state topic holds the others only: the forgotten are tombstoned.
      const kept = new Set<string>();
      const history = readHistory(stack.kafka, { topics: [topics.state], logger: stack.logger });
      await history.start();
      for await (const batch of history)
        for (const record of batch.records) {
          const key = record.key?.toString('utf8') ?? '';
          if (key.startsWith('@')) continue;
          if (record.value === null) kept.delete(key);
          else kept.add(key);
        }
      await history.close();
      const persons = new Set([...spring, ...autumn].map((e) => e.personKey));
      for (const events of forgettable) expect(kept.has(events[0]!.personKey)).toBe(false);
      expect(kept.size).toBe(persons.size - forgettable.length);

      // Forgetting changed no feed: they equal a fresh routing of every event.
      const expected = expectedFeeds([...spring, ...autumn], CITY_COUNCILS);
      const total = [...expected.values()].reduce((sum, feed) => sum + feed.length, 0);
      await reader.start([...topics.feeds.values()]);
      await waitFor('the feeds read', () => (reader.events.length >= total ? true : undefined), 30_000);
      expect(reader.events).toHaveLength(total);
      const ids = (list: readonly { eventId: string }[]) => list.map((e) => e.eventId).sort();
      expect(ids(reader.events)).toEqual(ids([...expected.values()].flat()));
    } finally {
      await reader.stop();
      await router.stop();
    }
  });
});
