import type { Command } from 'commander';
import { runPackageBin } from '../delegate/connector-bin';
import { securedHubEnv } from '../services/supervisor';
import { ADMIN_PRINCIPAL } from '../stack/kafka-principals';
import { loadStackSettings } from '../stack/settings';

/** The webhook service's own command, found by package name (the CLI never imports another service). */
const WEBHOOKS = { packageName: '@homefirst/webhooks', bin: 'homefirst-webhooks.js' };

/**
 * `homefirst subscriptions add | list | pause | resume | replay | remove | deadletters | redrive` — run by the webhook service's own
 * command (`homefirst-webhooks subscriptions …`, which owns the subscription record), as the admin principal
 * on the local hub's Kafka. Exit codes pass through.
 */
export function registerSubscriptionsCommand(program: Command): void {
  program
    .command('subscriptions')
    .description(
      "webhook subscriptions: a council's feed delivered to an HTTPS endpoint, signed (Standard Webhooks) — add | list | pause | resume | replay | remove | deadletters | redrive",
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]', 'the subcommand and its options (homefirst subscriptions help)')
    .action(async (args: string[]) => {
      const env = securedHubEnv(loadStackSettings(), ADMIN_PRINCIPAL);
      process.exitCode = await runPackageBin(WEBHOOKS, ['subscriptions', ...args], env);
    });
}
