import { runGroupService, runMain, runProgram, serviceProgram } from '@homefirst/runtime';
import { type Command } from 'commander';
import { loadWebhooksConfig } from './config';
import { ensureWebhookTopics, webhookTopics } from './delivery/topics';
import { WebhookService } from './service/webhook-service';
import { registerSubscriptionsCommand } from './subscriptions/command';

/** `run`: the live delivery service with its ops endpoints (/healthz, /readyz, /metrics). */
async function runLive(): Promise<void> {
  const { hub, webhooks: settings } = loadWebhooksConfig(process.env);
  const topics = webhookTopics(hub.topicPrefix);
  await runGroupService({
    name: 'webhook delivery',
    logName: 'webhooks',
    hub,
    prepare: (admin) => ensureWebhookTopics(admin, topics),
    create: ({ kafka, codec, logger, onFatal }) =>
      new WebhookService({
        kafka,
        codec,
        topics,
        groupPrefix: settings.groupPrefix,
        settings: settings.delivery,
        allowInsecureLoopback: settings.allowInsecureLoopback,
        logger,
        onFatal,
      }),
    extras: {
      context: { groupPrefix: settings.groupPrefix, minimumRetryWindowMs: settings.minimumRetryWindowMs },
    },
  });
}

export function buildProgram(): Command {
  const program = serviceProgram(
    'homefirst-webhooks',
    "Delivers each council's feed to its webhook subscriptions, signed (Standard Webhooks)",
  );
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
  await runProgram(() => buildProgram().parseAsync(argv), { name: 'homefirst-webhooks' });
}
