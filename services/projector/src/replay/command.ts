import { actorOf, createLogger, type Logger, type LogLevel } from '@homefirst/runtime';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadProjectorConfig } from '../config';
import { auditRebuild } from './audit';
import { PROJECTIONS, DERIVED_TOGETHER } from './plan';
import { rebuildReadModels, type RebuildResult } from './rebuild';
import { formatStatus, replayStatus } from './status';

const epochMs = (text: string): number => {
  const ms = new Date(text).getTime();
  if (Number.isNaN(ms))
    throw new InvalidArgumentError('must be an ISO 8601 date-time, e.g. 2025-03-04T00:00:00Z');
  return ms;
};
const seconds = (text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError('must be a number of seconds ≥ 0');
  return value;
};

/**
 * The command's own logs (the rebuild's consumer, kafkajs) go to stderr only with --verbose: a CLI failure is
 * the one line runCommandLine prints, and stdout carries the result.
 */
const commandLogger = (verbose: boolean, level: LogLevel, name: string): Logger =>
  createLogger({ name, level: verbose ? level : 'silent' }, process.stderr);

const summary = (r: RebuildResult): string =>
  `rebuilt read models v${r.toVersion} (${r.events} events${r.resumed ? ', resumed' : ''}); live switched from v${r.fromVersion} at ${r.switchedAt}; dropped v${r.fromVersion} (${r.droppedKeys} keys)`;

/** `replay rebuild` and `replay status` (the CLI's `homefirst replay …` delegates here). */
export function registerReplayCommands(program: Command): void {
  const replay = program
    .command('replay')
    .description('rebuild the read models from the topics; show versions')
    .addHelpText(
      'after',
      '\nThe read models as they stood at an instant: `homefirst replay asof <instant>` (see its --help).',
    );
  replay
    .command('rebuild')
    .description(
      'build the read models into a new version (<root>v<N+1>:) while the live one keeps serving; when it has caught up, switch the live alias to it in one atomic step and drop the old version. Killed, a rerun resumes.',
    )
    .addOption(
      new Option(
        '--projection <name>',
        `which read models: ${PROJECTIONS.join('|')} — ${DERIVED_TOGETHER.join(', ')} are derived together from each person's journal in one transaction, so they cannot be rebuilt alone`,
      ).default('all'),
    )
    .addOption(
      new Option(
        '--from-timestamp <iso>',
        'start at the first record at or after this instant instead of the earliest: the new version starts EMPTY and holds the read models of the events since then only (nothing before is copied)',
      ).argParser(epochMs),
    )
    .option('--fresh', 'discard an unfinished rebuild and start the next version clean')
    .addOption(
      new Option(
        '--grace-seconds <s>',
        'keep the old version this long after the switch (in-flight API reads)',
      )
        .argParser(seconds)
        .default(30),
    )
    .addOption(
      new Option(
        '--lock-ttl-seconds <s>',
        'the rebuild lock expires this long after its holder stopped refreshing it (a killed run blocks a rerun for at most this long)',
      )
        .argParser(seconds)
        .default(30),
    )
    .option(
      '--actor <name>',
      'who runs it, for the audit record (default: HOMEFIRST_ACTOR, else the OS user)',
    )
    .option('--json', 'print the result as JSON')
    .option('--verbose', 'log the rebuild consumer (JSON lines on stderr, HOMEFIRST_LOG_LEVEL)')
    .action(
      async (opts: {
        verbose?: boolean;
        actor?: string;
        projection: string;
        fromTimestamp?: number;
        fresh?: boolean;
        graceSeconds: number;
        lockTtlSeconds: number;
        json?: boolean;
      }) => {
        const config = loadProjectorConfig(process.env);
        const logger = commandLogger(opts.verbose === true, config.hub.log.level, 'projector-rebuild');
        const actorId = actorOf(process.env, opts.actor);
        const result = await rebuildReadModels(
          {
            projection: opts.projection,
            fromTimestamp: opts.fromTimestamp ?? null,
            fresh: opts.fresh === true,
            graceMs: Math.round(opts.graceSeconds * 1000),
            lockTtlMs: Math.max(1000, Math.round(opts.lockTtlSeconds * 1000)),
          },
          {
            config,
            logger,
            onSwitched: (switched) => auditRebuild(config.hub, logger, { ...switched, actorId }),
          },
        );
        process.stdout.write(`${opts.json === true ? JSON.stringify(result) : summary(result)}\n`);
      },
    );
  replay
    .command('status')
    .description(
      'versions of the read models present, which is live, the rebuild lock and progress, lag per version',
    )
    .option('--json', 'print the status as JSON')
    .option('--verbose', 'log Kafka and Redis clients (JSON lines on stderr)')
    .action(async (opts: { json?: boolean; verbose?: boolean }) => {
      const config = loadProjectorConfig(process.env);
      const status = await replayStatus(
        config,
        commandLogger(opts.verbose === true, config.hub.log.level, 'projector-replay'),
      );
      process.stdout.write(`${opts.json === true ? JSON.stringify(status) : formatStatus(status)}\n`);
    });
}
