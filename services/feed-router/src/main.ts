import {
  createCodec,
  createKafka,
  createLogger,
  onShutdown,
  runProgram,
  serviceProgram,
  runMain,
  serveGroupMember,
  withAdmin,
} from '@homefirst/runtime';

import { type Command } from 'commander';
import { loadFeedRouterConfig } from './config';
import { FeedRouter } from './consumer/feed-router';
import { ensureRouterTopics, routerTopics } from './consumer/topics';

/** `run`: the live feed router with its ops endpoints (/healthz, /readyz, /metrics). */
async function runLive(): Promise<void> {
  const { hub, router: settings } = loadFeedRouterConfig(process.env);
  const logger = createLogger({ name: 'feed-router', level: hub.log.level });
  const shutdown = onShutdown(logger);
  const kafka = createKafka(hub, logger);
  const topics = routerTopics(hub.topicPrefix, settings.councils);
  await withAdmin(kafka, (admin) => ensureRouterTopics(admin, topics));
  const codec = createCodec(hub);
  await serveGroupMember(
    { name: 'feed router', hub, logger, shutdown },
    (onFatal) =>
      new FeedRouter({
        kafka,
        codec,
        topics,
        groupId: settings.groupId,
        logger,
        sessionTimeoutMs: settings.sessionTimeoutMs,
        concurrency: settings.concurrency,
        onFatal,
      }),
    { context: { councils: settings.councils, groupId: settings.groupId } },
  );
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
