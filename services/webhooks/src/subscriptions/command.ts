import { createCodec, actorOf, createKafka, createLogger } from '@homefirst/runtime';

import { InvalidArgumentError, type Command } from 'commander';
import { loadWebhooksConfig } from '../config';
import { listDeadLetters, redriveSubscription } from '../redrive/redrive';
import { webhookTopics } from '../delivery/topics';
import {
  addSubscription,
  listSubscriptions,
  removeSubscription,
  replaySubscription,
  setSubscriptionState,
  SubscriptionCommandError,
  type SubscriptionAdmin,
} from './admin';

const say = (stream: NodeJS.WriteStream, line: string): void => void stream.write(`${line}\n`);

function adminOf(actor: string | undefined): SubscriptionAdmin {
  const { hub, webhooks } = loadWebhooksConfig(process.env);
  const logger = createLogger({ name: 'homefirst-webhooks', level: 'error' }, process.stderr);
  return {
    kafka: createKafka(hub, logger),
    codec: createCodec(hub),
    topics: webhookTopics(hub.topicPrefix),
    groupPrefix: webhooks.groupPrefix,
    allowInsecureLoopback: webhooks.allowInsecureLoopback,
    defaultMaxAttempts: webhooks.defaultMaxAttempts,
    actor: actorOf(process.env, actor),
    logger,
  };
}

const positiveInteger = (text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100)
    throw new InvalidArgumentError('an integer from 1 to 100');
  return value;
};

const instant = (text: string): Date => {
  const value = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(value.getTime()))
    throw new InvalidArgumentError('an ISO 8601 instant, e.g. 2026-01-01T00:00:00Z');
  return value;
};

const ACTOR = [
  '--actor <name>',
  'who makes the change, for the audit record (default HOMEFIRST_ACTOR, else the OS user)',
] as const;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `subscriptions deadletters <id> [--json]` and `subscriptions redrive <id> (--event-id … | --all)`. */
function registerDeadLetterCommands(subscriptions: Command): void {
  subscriptions
    .command('deadletters')
    .description("the subscription's dead letters, in the order they failed, and whether they were redriven")
    .argument('<id>', 'subscription id')
    .option('--json', 'one JSON object per line')
    .action(async (id: string, opts: { json?: boolean }) => {
      const rows = await listDeadLetters(adminOf(undefined), id);
      if (opts.json === true) {
        for (const row of rows) say(process.stdout, JSON.stringify(row));
        return;
      }
      for (const row of rows)
        say(
          process.stdout,
          `${row.webhookId}  ${row.deadAt}  ${row.attempts} attempts  ${row.reason}  ${
            row.redrivenAt === null ? 'not redriven' : `redriven ${row.redrivenAt} by ${row.redrivenBy}`
          }`,
        );
      say(process.stderr, `${rows.length} dead letter(s) of ${id}`);
    });

  subscriptions
    .command('redrive')
    .description(
      'send dead letters to the endpoint again (once it works), one attempt each; a delivered one is marked and not sent again',
    )
    .argument('<id>', 'subscription id')
    .option('--event-id <webhook-id>', 'a dead letter to redrive (repeatable)', collect)
    .option('--all', 'every dead letter not redriven yet')
    .option('--again', 'with --event-id: send letters already redriven too')
    .option(...ACTOR)
    .action(
      async (id: string, opts: { eventId?: string[]; all?: boolean; again?: boolean; actor?: string }) => {
        const all = opts.all === true;
        const webhookIds = opts.eventId ?? [];
        if (all === webhookIds.length > 0)
          throw new SubscriptionCommandError('give --event-id <id>… or --all');
        if (all && opts.again === true) throw new SubscriptionCommandError('--again only with --event-id');
        const { webhooks } = loadWebhooksConfig(process.env);
        const reports = await redriveSubscription(
          adminOf(opts.actor),
          id,
          { all, webhookIds, again: opts.again === true },
          webhooks.delivery.timeoutMs,
        );
        for (const report of reports) say(process.stdout, JSON.stringify(report));
        const failed = reports.filter((r) => r.outcome === 'failed' || r.outcome === 'not-found');
        say(
          process.stderr,
          `${reports.filter((r) => r.outcome === 'delivered').length} delivered, ${failed.length} failed or not found, ${reports.length} in all`,
        );
        if (failed.length > 0) process.exitCode = 1;
      },
    );
}

/** `subscriptions add | list | pause | resume | replay | remove | deadletters | redrive` — webhook subscriptions to council feeds. */
export function registerSubscriptionsCommand(program: Command): void {
  const subscriptions = program
    .command('subscriptions')
    .description(
      "webhook subscriptions: a council's feed delivered to an HTTPS endpoint, signed (Standard Webhooks)",
    );

  subscriptions
    .command('add')
    .description('subscribe an endpoint to a council feed; prints the id and the signing secret (shown once)')
    .argument('<la-code>', 'local authority code, e.g. E08000012')
    .requiredOption('--url <url>', 'the HTTPS endpoint that receives the webhooks')
    .option('--max-attempts <n>', 'attempts before a webhook goes to the dead letters', positiveInteger)
    .option('--id <id>', 'the subscription id (default <la-code>-<random>)')
    .option(...ACTOR)
    .action(
      async (laCode: string, opts: { url: string; maxAttempts?: number; id?: string; actor?: string }) => {
        const added = await addSubscription(adminOf(opts.actor), {
          laCode,
          url: opts.url,
          ...(opts.maxAttempts !== undefined && { maxAttempts: opts.maxAttempts }),
          ...(opts.id !== undefined && { id: opts.id }),
        });
        say(
          process.stdout,
          JSON.stringify({ id: added.id, laCode: added.laCode, url: added.url, secret: added.secret }),
        );
        say(
          process.stderr,
          'keep the secret: it verifies the webhook-signature header and is not shown again',
        );
      },
    );

  subscriptions
    .command('list')
    .description('every subscription as a JSON line (no secrets)')
    .action(async () => {
      const all = await listSubscriptions(adminOf(undefined));
      for (const { secret: _secret, ...shown } of all) say(process.stdout, JSON.stringify(shown));
      // On stderr: the JSON lines on stdout stay empty for a script.
      if (all.length === 0)
        say(
          process.stderr,
          'no subscription yet: homefirst subscriptions add <la-code> --url <https-endpoint>',
        );
    });

  for (const [name, state] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const)
    subscriptions
      .command(name)
      .description(
        name === 'pause'
          ? 'stop delivering (the feed keeps its place)'
          : 'deliver again from where it paused',
      )
      .argument('<id>', 'subscription id')
      .option(...ACTOR)
      .action(async (id: string, opts: { actor?: string }) => {
        const changed = await setSubscriptionState(adminOf(opts.actor), id, state);
        say(process.stdout, `${changed.id}: ${changed.state}`);
      });

  subscriptions
    .command('replay')
    .description('deliver the feed again from an instant (receivers drop webhook ids they already have)')
    .argument('<id>', 'subscription id')
    .requiredOption('--from <instant>', 'ISO 8601 instant, e.g. 2026-01-01T00:00:00Z', instant)
    .option(...ACTOR)
    .action(async (id: string, opts: { from: Date; actor?: string }) => {
      const { partitions } = await replaySubscription(adminOf(opts.actor), id, opts.from);
      say(process.stdout, JSON.stringify({ id, from: opts.from.toISOString(), partitions }));
    });

  registerDeadLetterCommands(subscriptions);

  subscriptions
    .command('remove')
    .description('delete the subscription (its dead letters stay)')
    .argument('<id>', 'subscription id')
    .option(...ACTOR)
    .action(async (id: string, opts: { actor?: string }) => {
      await removeSubscription(adminOf(opts.actor), id);
      say(process.stdout, `${id}: removed`);
    });
}
