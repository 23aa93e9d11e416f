import { loadFeedRouterConfig } from './config';

describe('feed router config', () => {
  it('serves the demo council by default and reads a list of LA codes', () => {
    expect(loadFeedRouterConfig({}).router).toEqual({
      councils: ['E08000012'],
      discover: undefined,
      groupId: 'homefirst-feed-router',
      sessionTimeoutMs: 30_000,
      concurrency: 3,
    });
    expect(
      loadFeedRouterConfig({ HOMEFIRST_FEED_COUNCILS: ' E08000012, E08000014 ,' }).router.councils,
    ).toEqual(['E08000012', 'E08000014']);
  });

  it('also serves the councils with a feed topic when asked to look', () => {
    expect(loadFeedRouterConfig({ HOMEFIRST_FEED_DISCOVER: 'true' }).router.discover).toEqual({
      intervalMs: 30_000,
    });
    expect(
      loadFeedRouterConfig({ HOMEFIRST_FEED_DISCOVER: 'yes', HOMEFIRST_FEED_DISCOVER_INTERVAL_MS: '5000' })
        .router.discover,
    ).toEqual({ intervalMs: 5_000 });
    expect(() => loadFeedRouterConfig({ HOMEFIRST_FEED_DISCOVER: 'sometimes' })).toThrow(
      /HOMEFIRST_FEED_DISCOVER/,
    );
    expect(() =>
      loadFeedRouterConfig({ HOMEFIRST_FEED_DISCOVER: 'true', HOMEFIRST_FEED_DISCOVER_INTERVAL_MS: '10' }),
    ).toThrow(/HOMEFIRST_FEED_DISCOVER_INTERVAL_MS/);
  });

  it('names the variable and what it accepts', () => {
    expect(() => loadFeedRouterConfig({ HOMEFIRST_FEED_COUNCILS: 'Liverpool' })).toThrow(
      /HOMEFIRST_FEED_COUNCILS/,
    );
  });
});
