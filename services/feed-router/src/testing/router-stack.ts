import { withAdmin } from '@homefirst/runtime';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { HubStack, waitFor } from '@homefirst/testing';
import { FeedRouter, type FeedRouterOptions } from '../consumer/feed-router';
import { ensureRouterTopics, routerTopics, type RouterTopics } from '../consumer/topics';
import type { FeedEvent } from '@homefirst/schemas';
import type { SourceEvent } from '../routing/feed-event';
import { codecFor, deleteTopics, expectedFeeds, type FeedReader } from './stack';

/**
 * A stack test's own stack (topics with its prefix, 3 partitions) with the feed router's state and feed
 * topics for `councils` created before the tests and deleted after; `beforeStop` runs first at the end
 * (e.g. to kill a router process still running).
 */
export function useRouterStack(
  name: string,
  councils: readonly string[],
  beforeStop: () => Promise<void> = () => Promise.resolve(),
): { readonly stack: HubStack; readonly topics: RouterTopics } {
  const stack = new HubStack(name);
  const topics = routerTopics(stack.prefix, councils);
  beforeAll(async () => {
    await stack.start({ partitions: 3 });
    await withAdmin(stack.kafka, (admin) => ensureRouterTopics(admin, topics));
  });
  afterAll(async () => {
    await beforeStop();
    await deleteTopics(stack.kafka, [topics.state, ...topics.feeds.values()]);
    await stack.stop();
  });
  return { stack, topics };
}

/** An in-process feed router on a stack test's stack, in consumer group `<the stack's prefix><name>`. */
export const routerOn = (
  stack: HubStack,
  topics: RouterTopics,
  name: string,
  options: Pick<FeedRouterOptions, 'onFatal'> = {},
): FeedRouter =>
  new FeedRouter({
    kafka: stack.kafka,
    codec: codecFor(stack.config),
    topics,
    groupId: `${stack.prefix}${name}`,
    logger: stack.logger,
    sessionTimeoutMs: 10_000,
    ...options,
  });

/** The same topics with only `councils`' feeds: a router serving those of the stack's councils. */
export const servingOnly = (topics: RouterTopics, councils: readonly string[]): RouterTopics => ({
  ...topics,
  feeds: new Map([...topics.feeds].filter(([laCode]) => councils.includes(laCode))),
});

/**
 * Reads the feed topics from the start (a FeedReader's) and expects each council's feed to hold exactly the
 * feed events a fresh routing of `events` gives it: every one once, by event id.
 */
export async function expectFeedsOfFreshRouting(
  reader: FeedReader,
  feedTopics: readonly string[],
  events: readonly SourceEvent[],
  councils: readonly string[],
): Promise<void> {
  const expected = expectedFeeds(events, councils);
  const total = [...expected.values()].reduce((sum, feed) => sum + feed.length, 0);
  await reader.start(feedTopics);
  await waitFor('the feeds read', () => (reader.events.length >= total ? true : undefined), 30_000);
  expect(reader.events).toHaveLength(total);
  const ids = (list: readonly FeedEvent[]) => list.map((e) => e.eventId).sort();
  for (const laCode of councils)
    expect(ids(reader.events.filter((e) => e.laCode === laCode))).toEqual(ids(expected.get(laCode) ?? []));
}
