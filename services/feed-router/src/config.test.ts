import { loadFeedRouterConfig } from './config';

describe('feed router config', () => {
  it('serves the demo council by default and reads a list of LA codes', () => {
    expect(loadFeedRouterConfig({}).router).toEqual({
      councils: ['E08000012'],
      groupId: 'homefirst-feed-router',
      sessionTimeoutMs: 30_000,
      concurrency: 3,
    });
    expect(
      loadFeedRouterConfig({ HOMEFIRST_FEED_COUNCILS: ' E08000012, E08000014 ,' }).router.councils,
    ).toEqual(['E08000012', 'E08000014']);
  });

  it('names the variable and what it accepts', () => {
    expect(() => loadFeedRouterConfig({ HOMEFIRST_FEED_COUNCILS: 'Liverpool' })).toThrow(
      /HOMEFIRST_FEED_COUNCILS/,
    );
  });
});
