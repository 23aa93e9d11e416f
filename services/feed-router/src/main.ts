import { runGroupService, runMain, runProgram, serviceProgram } from '@homefirst/runtime';
import { type Command } from 'commander';
import { loadFeedRouterConfig } from './config';
import { FeedRouter } from './consumer/feed-router';
import { DiscoveringRouter } from './consumer/discovery';
import { ensureRouterTopics, routerTopics, type RouterTopics } from './consumer/topics';

/** `run`: the live feed router with its ops endpoints (/healthz, /readyz, /metrics). */
async function runLive(): Promise<void> {
  const { hub, router: settings } = loadFeedRouterConfig(process.env);
  const { discover } = settings;
  const topics = routerTopics(hub.topicPrefix, settings.councils);
  await runGroupService({
    name: 'feed router',
    logName: 'feed-router',
    hub,
    // With discovery the member makes its topics whenever its councils change.
    prepare: (admin) => (discover === undefined ? ensureRouterTopics(admin, topics) : Promise.resolve()),
    create: ({ kafka, codec, logger, onFatal }) => {
      const member = (served: RouterTopics) =>
        new FeedRouter({
          kafka,
          codec,
          topics: served,
          groupId: settings.groupId,
          logger,
          sessionTimeoutMs: settings.sessionTimeoutMs,
          concurrency: settings.concurrency,
          onFatal,
        });
      if (discover === undefined) return member(topics);
      return new DiscoveringRouter({
        kafka,
        topicPrefix: hub.topicPrefix,
        logger,
        listed: settings.councils,
        intervalMs: discover.intervalMs,
        create: member,
      });
    },
    extras: {
      context: { councils: settings.councils, discover: discover !== undefined, groupId: settings.groupId },
    },
  });
}

export function buildProgram(): Command {
  const program = serviceProgram(
    'homefirst-feed-router',
    "Routes to each council's feed topic the events of the people referred to it",
  );
  program
    .command('run')
    .description('run the feed router (consumer group, transactional writes) with /healthz /readyz /metrics')
    .action(() => runMain(runLive, { name: 'feed-router' }));
  return program;
}

/** Entry point of bin/homefirst-feed-router.js. */
export async function run(argv: readonly string[]): Promise<void> {
  await runProgram(() => buildProgram().parseAsync(argv), { name: 'homefirst-feed-router' });
}
