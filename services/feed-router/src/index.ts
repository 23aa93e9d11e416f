/**
 * @homefirst/feed-router — each council's feed topic: the events of the people referred to it.
 * The routing decision is pure (`route`); the Kafka shell writes feeds, state and offsets in one transaction.
 */
export { route, routeAll, type Routed } from './routing/route';
export { feedEventIdOf, feedTemplateOf, type FeedTemplate, type SourceEvent } from './routing/feed-event';
export { EMPTY_ROUTING, type PersonRouting } from './routing/state';
export { FeedRouter, type FeedRouterOptions } from './consumer/feed-router';
export type { FeedRouterCounts } from './consumer/settings';
export { STATE_TOPIC, ensureRouterTopics, routerTopics, type RouterTopics } from './consumer/topics';
export { loadFeedRouterConfig, type FeedRouterConfig } from './config';
