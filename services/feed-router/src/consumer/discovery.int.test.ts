import { withAdmin } from '@homefirst/runtime';
import { waitFor } from '@homefirst/testing';
import type { FeedEvent } from '@homefirst/schemas';
import { CITY_COUNCILS, city } from '../testing/population';
import {
  FeedReader,
  codecFor,
  deleteTopics,
  expectedFeeds,
  perPersonOrder,
  publishEvents,
} from '../testing/stack';
import { routerOn, useRouterStack } from '../testing/router-stack';
import { DiscoveringRouter, feedCouncilsIn } from './discovery';
import type { FeedRouter } from './feed-router';
import { ensureRouterTopics, routerTopics } from './topics';

// HOMEFIRST_FEED_DISCOVER: a council whose feed topic appears (`homefirst councils add` makes it) is served
// without a restart, and gets what it missed first; a council whose feed topic is deleted is no longer
// written to, and the router goes on.

jest.setTimeout(180_000);

describe('a router that looks for feed topics (real Kafka, registry)', () => {
  const [first, added] = CITY_COUNCILS as [string, string, string];
  const { stack, topics } = useRouterStack('it-feed-discover', [first]);
  const addedTopic = () => routerTopics(stack.prefix, [added]);

  it('serves a council once its feed topic exists, from admission; drops one whose topic is deleted', async () => {
    const events = city({ persons: 200, seed: 41, cancellations: false, firstNhsNumber: 20_000 });
    const before = Math.floor(events.length * 0.6);
    const members: FeedRouter[] = [];
    const routed = () => members.reduce((sum, member) => sum + member.counts.consumed, 0);
    const router = new DiscoveringRouter({
      kafka: stack.kafka,
      topicPrefix: stack.prefix,
      logger: stack.logger,
      listed: [first],
      intervalMs: 1_000,
      create: (served) => {
        const member = routerOn(stack, served, 'router');
        members.push(member);
        return member;
      },
    });
    const readers: FeedReader[] = [];
    try {
      await publishEvents(stack.kafka, stack.config, events.slice(0, before), 100);
      await router.start();
      expect(router.served).toEqual([first]);
      await waitFor('the first events routed', () => (routed() === before ? true : undefined));

      // What `homefirst councils add` does to the topics: the council's feed topic.
      await withAdmin(stack.kafka, (admin) => ensureRouterTopics(admin, addedTopic()));
      expect(await withAdmin(stack.kafka, (admin) => feedCouncilsIn(admin, stack.prefix))).toEqual(
        [first, added].sort(),
      );
      await waitFor('the added council served', () => (router.served.includes(added) ? true : undefined));
      await publishEvents(stack.kafka, stack.config, events.slice(before), 100);
      await waitFor('the rest routed', () => (routed() >= events.length ? true : undefined));
      expect(members).toHaveLength(2);
      expect(members[1]?.counts.backfilled).toBeGreaterThan(0);

      const expected = expectedFeeds(events, [first, added]);
      const total = [...expected.values()].reduce((sum, feed) => sum + feed.length, 0);
      const reader = new FeedReader(stack.kafka, codecFor(stack.config));
      readers.push(reader);
      await reader.start([topics.feeds.get(first)!, addedTopic().feeds.get(added)!]);
      await waitFor('the feeds read', () => (reader.events.length >= total ? true : undefined), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const ids = (list: readonly FeedEvent[]) => list.map((e) => e.eventId).sort();
      expect(reader.events).toHaveLength(total);
      for (const laCode of [first, added]) {
        const feed = reader.events.filter((e) => e.laCode === laCode);
        const want = expected.get(laCode) ?? [];
        expect(want.length).toBeGreaterThan(20);
        expect(ids(feed)).toEqual(ids(want));
        expect(perPersonOrder(feed)).toEqual(perPersonOrder(want));
      }
      const early = new Set(events.slice(0, before).map((e) => e.eventId));
      expect(reader.events.some((e) => e.laCode === added && early.has(e.sourceEventId))).toBe(true);
      await reader.stop();

      // The council's feed topic deleted (its removal in Kubernetes): no longer served; routing goes on.
      await deleteTopics(stack.kafka, [...addedTopic().feeds.values()]);
      await waitFor('the deleted council dropped', () => (router.served.includes(added) ? undefined : true));
      expect(router.served).toEqual([first]);
      const extra = city({ persons: 20, seed: 42, cancellations: false, firstNhsNumber: 22_000 });
      await publishEvents(stack.kafka, stack.config, extra, 100);
      await waitFor('the extra routed', () =>
        members.at(-1)!.counts.consumed === extra.length ? true : undefined,
      );
      const after = new FeedReader(stack.kafka, codecFor(stack.config));
      readers.push(after);
      await after.start([topics.feeds.get(first)!]);
      const want = expectedFeeds([...events, ...extra], [first]).get(first) ?? [];
      await waitFor('the first feed read', () => (after.events.length >= want.length ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(ids(after.events)).toEqual(ids(want));
    } finally {
      await router.stop();
      for (const reader of readers) await reader.stop();
      await deleteTopics(stack.kafka, [...addedTopic().feeds.values()]);
    }
  });
});

describe('a router that looks for feed topics, its restart failing once (real Kafka, registry)', () => {
  const [first, added] = CITY_COUNCILS as [string, string, string];
  const { stack } = useRouterStack('it-feed-discover-retry', [first]);
  const addedTopic = () => routerTopics(stack.prefix, [added]);

  it('tries a restart that failed again at the next look', async () => {
    let made = 0;
    const router = new DiscoveringRouter({
      kafka: stack.kafka,
      topicPrefix: stack.prefix,
      logger: stack.logger,
      listed: [first],
      intervalMs: 500,
      create: (served) => {
        made += 1;
        const member = routerOn(stack, served, 'retry-router');
        // The first restart's member cannot start (say the registry was down for that moment).
        if (made === 2)
          return {
            isJoined: false,
            start: () => Promise.reject(new Error('registry down')),
            stop: () => member.stop(),
          };
        return member;
      },
    });
    try {
      await router.start();
      await withAdmin(stack.kafka, (admin) => ensureRouterTopics(admin, addedTopic()));
      await waitFor('the restart tried again', () => (made >= 3 ? true : undefined));
      await waitFor('the retried member joined', () => (router.isJoined ? true : undefined), 60_000);
      expect(router.served).toEqual([first, added].sort());
      expect(made).toBe(3);
    } finally {
      await router.stop();
      await deleteTopics(stack.kafka, [...addedTopic().feeds.values()]);
      await waitFor('the deleted topic gone', async () =>
        (await withAdmin(stack.kafka, (admin) => feedCouncilsIn(admin, stack.prefix))).includes(added)
          ? undefined
          : true,
      );
    }
  });
});
