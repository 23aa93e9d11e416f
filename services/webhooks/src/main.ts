import {
  createKafka,
  createLogger,
  groupJoined,
  onShutdown,
  runCommandLine,
  runMain,
  startOpsServer,
} from '@homefirst/runtime';
import { EventCodec, createRegistryClient } from '@homefirst/schemas';
import { Command } from 'commander';
import { loadWebhooksConfig } from './config';
import { ensureWebhookTopics, webhookTopics } from './delivery/topics';
import { WebhookService } from './service/webhook-service';
import { registerSubscriptionsCommand } from './subscriptions/command';

/** `run`: the live delivery service with its ops endpoints (/healthz, /readyz, /metrics). */
async function runLive(): Promise<void> {
  const { hub, webhooks: settings } = loadWebhooksConfig(process.env);
  const logger = createLogger({ name: 'webhooks', level: hub.log.level });
  const shutdown = onShutdown(logger);
  const kafka = createKafka(hub, logger);
  const topics = webhookTopics(hub.topicPrefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureWebhookTopics(admin, topics);
  } finally {
    await admin.disconnect();
  }
  const service = new WebhookService({
    kafka,
    codec: new EventCodec({
      registry: createRegistryClient({ url: hub.registry.url }),
      prefix: hub.topicPrefix,
    }),
    topics,
    groupPrefix: settings.groupPrefix,
    settings: settings.delivery,
    allowInsecureLoopback: settings.allowInsecureLoopback,
    logger,
    onFatal: () => void shutdown.fail('a Kafka consumer crashed and will not restart'),
  });
  const ops = await startOpsServer({ port: hub.http.port, logger, checks: { groups: groupJoined(service) } });
  shutdown.register('ops', () => ops.close());
  shutdown.register('webhooks', () => service.stop());
  await service.start();
  logger.info(
    {
      groupPrefix: settings.groupPrefix,
      topicPrefix: hub.topicPrefix,
      port: ops.port,
      minimumRetryWindowMs: settings.minimumRetryWindowMs,
    },
    'webhook delivery running',
  );
}

export function buildProgram(): Command {
  const program = new Command('homefirst-webhooks')
    .description("Delivers each council's feed to its webhook subscriptions, signed (Standard Webhooks)")
    .showHelpAfterError()
    .exitOverride();
  program
    .command('run')
    .description(
      'run the delivery service (a consumer group per subscription) with /healthz /readyz /metrics',
    )
    .action(() => runMain(runLive, { name: 'webhooks' }));
  registerSubscriptionsCommand(program);
  return program;
}

/** Entry point of bin/homefirst-webhooks.js. */
export async function run(argv: readonly string[]): Promise<void> {
  const code = await runCommandLine(() => buildProgram().parseAsync(argv), { name: 'homefirst-webhooks' });
  if (code !== undefined) process.exitCode = code;
}
