import { writeFile } from 'node:fs/promises';
import {
  createCodec,
  connectRedis,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  onShutdown,
  runMain,
  serveGroupMember,
  runProgram,
  serviceProgram,
} from '@homefirst/runtime';
import { readModels, type EventCodec } from '@homefirst/schemas';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadProjectorConfig, type ProjectorConfig } from './config';
import { LiveProjector } from './consumer/live-projector';
import { projectFile } from './offline/project-file';
import { FollowedNamespace } from './redis/namespace';
import { ReadModelWriter } from './redis/writer';
import { registerReplayCommands } from './replay/command';
import { DeadlineSweeper } from './sweeper/sweeper';

const { DEFAULT_VIEW_CONFIG } = readModels;

const instant = (text: string): Date => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('must be an ISO 8601 date-time, e.g. 2025-03-04T12:00:00Z');
  return date;
};
const positive = (text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('must be a positive number');
  return value;
};

const pathwayTargets = (text: string): readModels.PathwayTargets => {
  try {
    return readModels.parsePathwayTargets(text);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
};

function codecOf(config: ProjectorConfig): EventCodec {
  return createCodec(config.hub);
}

/** `run`: the live projector (and, unless switched off, the 48-hour sweeper) with its ops endpoints. */
async function runLive(options: { sweep: boolean }): Promise<void> {
  const config = loadProjectorConfig(process.env);
  const { hub, projector: settings } = config;
  const logger = createLogger({ name: 'projector', level: hub.log.level });
  const shutdown = onShutdown(logger);
  const kafka = createKafka(hub, logger);
  // Writers and the sweeper follow the live alias (a rebuild switches it); see src/redis/namespace.ts.
  const keys = new FollowedNamespace(settings.namespace);
  // One connection per concurrent writer (WATCH is per connection), one for the sweeper.
  // A command with no answer fails after 30 s instead of holding its writer's queue for ever.
  const writerRedis = Array.from({ length: settings.concurrency }, () =>
    createRedis(hub, { logger, commandTimeoutMs: 30_000 }),
  );
  const sweeperRedis = createRedis(hub, { logger });
  for (const redis of [...writerRedis, sweeperRedis]) await connectRedis(redis);
  shutdown.register('redis', async () => {
    await Promise.all([...writerRedis, sweeperRedis].map((redis) => redis.quit()));
  });
  const producer = createProducer(kafka);
  await producer.connect();
  shutdown.register('producer', () => producer.disconnect());
  const codec = codecOf(config);
  await codec.prepare(['homefirst.alerts.v1', 'homefirst.deadletter.v1']);
  await serveGroupMember(
    { name: 'projector', hub, logger, shutdown },
    (onFatal) =>
      new LiveProjector({
        kafka,
        codec,
        writer: writerRedis.map(
          (redis) => new ReadModelWriter(redis, new FollowedNamespace(settings.namespace)),
        ),
        producer,
        topicPrefix: hub.topicPrefix,
        groupId: settings.groupId,
        logger,
        batchSize: settings.batchSize,
        windowLag: settings.windowLag,
        windowMessages: settings.windowMessages,
        cachedPersons: settings.cachedPersons,
        sessionTimeoutMs: settings.sessionTimeoutMs,
        onFatal,
      }),
    {
      checks: { redis: () => sweeperRedis.ping() },
      context: { namespace: settings.namespace, groupId: settings.groupId },
    },
  );
  if (options.sweep && settings.sweep) {
    const sweeper = new DeadlineSweeper({
      redis: sweeperRedis,
      keys,
      producer,
      codec,
      topicPrefix: hub.topicPrefix,
      atRiskHours: settings.atRiskHours,
      logger,
    });
    sweeper.start(settings.sweepIntervalMs);
    shutdown.register('sweeper', () => sweeper.stop());
  }
}

/** `sweep`: the 48-hour sweeper alone (a loop, or one sweep with --once). */
async function runSweep(options: { once: boolean; now?: Date }): Promise<void> {
  const config = loadProjectorConfig(process.env);
  const { hub, projector: settings } = config;
  const logger = createLogger({ name: 'projector-sweeper', level: hub.log.level });
  const redis = createRedis(hub, { logger });
  await connectRedis(redis);
  const producer = createProducer(createKafka(hub, logger));
  await producer.connect();
  const codec = codecOf(config);
  await codec.prepare(['homefirst.alerts.v1']);
  const sweeper = new DeadlineSweeper({
    redis,
    keys: new FollowedNamespace(settings.namespace),
    producer,
    codec,
    topicPrefix: hub.topicPrefix,
    atRiskHours: settings.atRiskHours,
    logger,
  });
  if (options.once) {
    try {
      const result = await sweeper.sweep(options.now ?? new Date());
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await producer.disconnect();
      await redis.quit();
    }
    return;
  }
  const shutdown = onShutdown(logger);
  shutdown.register('redis', async () => {
    await redis.quit();
  });
  shutdown.register('producer', () => producer.disconnect());
  sweeper.start(settings.sweepIntervalMs);
  shutdown.register('sweeper', () => sweeper.stop());
}

export function buildProgram(): Command {
  const program = serviceProgram(
    'homefirst-projector',
    'Homefirst projectors: hospital and council events joined per person into the Redis read models',
  );
  program
    .command('run')
    .description(
      'run the live projector (consumer group) with /healthz /readyz /metrics, and the 48-hour sweeper',
    )
    .option('--no-sweep', 'do not run the 48-hour sweeper in this process')
    .action((opts: { sweep: boolean }) => runMain(() => runLive(opts), { name: 'projector' }));
  program
    .command('sweep')
    .description('publish due 48-hour alerts (at risk, breached), exactly once per episode')
    .option('--once', 'sweep once, print the result as JSON and exit')
    .addOption(new Option('--now <iso>', 'the time to judge deadlines at (with --once)').argParser(instant))
    .action((opts: { once?: boolean; now?: Date }) =>
      runMain(() => runSweep({ once: opts.once === true, ...(opts.now && { now: opts.now }) }), {
        name: 'projector-sweeper',
      }),
    );
  program
    .command('project')
    .description(
      'run the projections over a file of events (JSON lines, as `homefirst map` prints them) and print the read models as JSON',
    )
    .argument('<events>', 'NDJSON file of hospital and council events')
    .addOption(
      new Option(
        '--now <iso>',
        'the time statuses, waits and costs are computed at (default: now)',
      ).argParser(instant),
    )
    .addOption(
      new Option('--bed-day-cost <gbp>', '£ per excess bed day')
        .argParser(positive)
        .default(DEFAULT_VIEW_CONFIG.bedDayCostGbp),
    )
    .addOption(
      new Option('--at-risk-hours <hours>', 'at risk with fewer hours than this left')
        .argParser(positive)
        .default(DEFAULT_VIEW_CONFIG.atRiskHours),
    )
    .addOption(
      new Option(
        '--pathway-targets <targets>',
        "the system's own pathway targets, e.g. P0=0.6,P1=0.3 (default: none)",
      ).argParser(pathwayTargets),
    )
    .option('--csv <file>', 'also write the sitrep-shaped CSV of the day of --now to this file')
    .action(
      async (
        file: string,
        opts: {
          now?: Date;
          bedDayCost: number;
          atRiskHours: number;
          pathwayTargets?: readModels.PathwayTargets;
          csv?: string;
        },
      ) => {
        const result = await projectFile(file, opts.now ?? new Date(), {
          ...DEFAULT_VIEW_CONFIG,
          bedDayCostGbp: opts.bedDayCost,
          atRiskHours: opts.atRiskHours,
          pathwayTargets: opts.pathwayTargets ?? {},
        });
        for (const problem of result.problems)
          process.stderr.write(
            `${JSON.stringify({ invalidLine: problem.line, problems: problem.problems })}\n`,
          );
        process.stdout.write(`${JSON.stringify({ input: result.input, ...result.readModels }, null, 2)}\n`);
        if (opts.csv !== undefined) await writeFile(opts.csv, result.readModels.sitrepCsv);
        if (result.problems.length > 0) process.exitCode = 1;
      },
    );
  registerReplayCommands(program);
  return program;
}

/** Runs the command; the bin script calls this. Exit codes: 0 ok, 1 failure or invalid input, 2 usage error. */
export async function run(argv: readonly string[]): Promise<void> {
  await runProgram(() => buildProgram().parseAsync(argv), { name: 'homefirst-projector' });
}
