import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  createCodec,
  ConfigError,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  connectRedis,
  describeError,
  duration,
  onShutdown,
  registerConnectorDataTeamCommands,
  startOpsServer,
  type Logger,
} from '@homefirst/runtime';
import { createPersonKeyer, hospitalTopic } from '@homefirst/schemas';
import { Command, CommanderError, Option } from 'commander';
import { loadFhirConfig, loadFhirMapConfig, type FhirConfig } from './config';
import { createIngest } from './connector';
import { checkFeed } from './feed-check';
import { fhirDataTeamCommands } from './data-teams/commands';
import { TrustTokens } from './http/auth';
import { buildFhirServer } from './http/server';
import { fhirMetrics } from './ingest/metrics';
import { CheckpointStore } from './pull/checkpoint-store';
import { EncounterPoller } from './pull/poller';
import { connectTrustServer, type TrustServer } from './pull/trust-server';

/**
 * `homefirst-fhir serve | pull | map <file>`. Exit codes of `map`: 0 mapped (events on stdout as JSON
 * lines), 1 refused (the OperationOutcome on stdout), 2 usage error (bad arguments, missing file).
 */

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

/** Runs the command line; the process keeps running for `serve` and `pull`. */
export async function run(argv: string[]): Promise<void> {
  const code = await runCli(argv, processIo);
  if (code !== undefined) process.exitCode = code;
}

class UsageError extends Error {}

/** The CLI, testable: returns the exit code for commands that finish, undefined for long-running ones. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  let exitCode: number | undefined;
  const program = new Command('homefirst-fhir')
    .description('Homefirst Hub FHIR R4 connector')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('serve')
    .description('serve the FHIR endpoint (config from HOMEFIRST_* variables, see README)')
    .action(async () => {
      await serve(io.env);
    });

  program
    .command('pull')
    .description(
      'poll a trust FHIR server for changed Encounters (Encounter?_lastUpdated=ge…), checkpointed in Redis',
    )
    .option('--base <url>', 'base URL of the trust FHIR server (HOMEFIRST_FHIR_PULL_BASE_URL)')
    .option('--ods <code>', 'ODS code of the trust (HOMEFIRST_FHIR_PULL_ODS)')
    .option('--interval <duration>', 'time between polls, e.g. 60s, 5m (HOMEFIRST_FHIR_PULL_INTERVAL)')
    .option('--once', 'poll once and exit')
    .action(async (opts: { base?: string; ods?: string; interval?: string; once?: boolean }) => {
      const env = {
        ...io.env,
        ...(opts.base !== undefined && { HOMEFIRST_FHIR_PULL_BASE_URL: opts.base }),
        ...(opts.ods !== undefined && { HOMEFIRST_FHIR_PULL_ODS: opts.ods }),
        ...(opts.interval !== undefined && { HOMEFIRST_FHIR_PULL_INTERVAL: opts.interval }),
      };
      if (opts.interval !== undefined && !duration().safeParse(opts.interval).success)
        throw new UsageError(`--interval must be a duration such as 30s, 5m or 1h (got ${opts.interval})`);
      await pull(env, opts.once === true);
      if (opts.once === true) exitCode = 0;
    });

  program
    .command('map')
    .description('feed checker: map a FHIR file offline as the live connector would; events as JSON lines')
    .argument('<file>', 'a FHIR JSON file: Encounter or Bundle')
    .addOption(new Option('--ods <code>', 'ODS code to stamp the events with').default('UNKNOWN'))
    .action((file: string, opts: { ods: string }) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
      const config = mapConfig(io.env);
      const result = checkFeed(readFileSync(file), {
        orgCode: opts.ods.toUpperCase(),
        personKey: createPersonKeyer(config.personKeySecret),
        mrnSystems: config.mrnSystems,
        extensionUrls: config.extensionUrls,
        clockSkewToleranceMs: config.clockSkewToleranceMs,
        ...(config.delayReasonCodes !== undefined && { delayReasonCodes: config.delayReasonCodes }),
      });
      for (const line of result.lines) io.out(`${line}\n`);
      for (const note of result.notes) io.err(`note: ${note}\n`);
      exitCode = result.exitCode;
    });

  registerConnectorDataTeamCommands(program, fhirDataTeamCommands, {
    env: io.env,
    out: io.out,
    setExit: (code) => (exitCode = code),
  });

  try {
    await program.parseAsync([...argv], { from: 'node' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return 0;
      return 2; // commander already wrote the message
    }
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    io.err(`fatal: ${describeError(err)}\n`);
    return 1;
  }
}

/** The feed checker's settings; a bad variable is a usage error of the command (exit 2). */
function mapConfig(env: CliIo['env']): ReturnType<typeof loadFhirMapConfig> {
  try {
    return loadFhirMapConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

interface Infrastructure {
  readonly config: FhirConfig;
  readonly logger: Logger;
  readonly shutdown: ReturnType<typeof onShutdown>;
  readonly ingest: ReturnType<typeof createIngest>;
  readonly redis: ReturnType<typeof createRedis>;
  readonly kafka: ReturnType<typeof createKafka>;
}

/** Kafka producer, registry codec and Redis, connected and registered for graceful shutdown. */
async function connect(
  config: FhirConfig,
  name: string,
  exit?: (code: number) => void,
): Promise<Infrastructure> {
  const logger = createLogger({ name, level: config.log.level });
  const shutdown = onShutdown(logger, exit ? { exit } : {});
  const kafka = createKafka(config, logger);
  const producer = createProducer(kafka);
  await producer.connect();
  shutdown.register('kafka producer', () => producer.disconnect());
  const refusalProducer = createProducer(kafka);
  await refusalProducer.connect();
  shutdown.register('kafka refusal producer', () => refusalProducer.disconnect());
  const codec = createCodec(config);
  await codec.prepare(['homefirst.raw.v1', 'homefirst.hospital.events.v1', 'homefirst.deadletter.v1']);
  const redis = createRedis(config, { keyPrefix: config.fhir.redisPrefix, logger });
  await connectRedis(redis);
  shutdown.register('redis', async () => {
    await redis.quit();
  });
  const ingest = createIngest({
    producer,
    refusalProducer,
    codec,
    redis,
    topicPrefix: config.topicPrefix,
    personKeySecret: config.personKeySecret,
    logger,
    maxInputBytes: config.fhir.maxBodyBytes,
  });
  // Closed after the endpoint stops taking requests and before Redis and the producer go.
  shutdown.register('writes in flight', async () => {
    const left = await ingest.drain(8_000);
    if (left > 0)
      logger.warn({ left }, 'writes still waiting for Kafka at shutdown; their senders will resend');
  });
  return { config, logger, shutdown, ingest, redis, kafka };
}

async function opsServer(infra: Infrastructure): Promise<void> {
  const { config, logger, shutdown, redis, kafka } = infra;
  const admin = kafka.admin();
  const ops = await startOpsServer({
    port: config.http.port,
    logger,
    checks: {
      kafka: async () => {
        await admin.connect();
        await admin.fetchTopicMetadata({ topics: [`${config.topicPrefix}${hospitalTopic.name}`] });
      },
      redis: () => redis.ping(),
      registry: async (signal) => {
        const response = await fetch(`${config.registry.url}/subjects`, { signal });
        if (!response.ok) throw new Error(`registry answered ${response.status}`);
      },
    },
  });
  shutdown.register('ops server', () => ops.close());
  shutdown.register('kafka admin', () => admin.disconnect());
}

async function serve(env: CliIo['env']): Promise<void> {
  const config = loadFhirConfig(env, 'serve');
  const infra = await connect(config, 'fhir');
  const servers = new Map<string, Promise<TrustServer>>();
  const app = buildFhirServer({
    ingest: infra.ingest,
    tokens: new TrustTokens(config.fhir.tokens),
    parse: {
      mrnSystems: config.fhir.mrnSystems,
      extensionUrls: config.fhir.extensionUrls,
      clockSkewToleranceMs: config.fhir.clockSkewToleranceMs,
      nhsNumbers: config.nhsNumbers,
      ...(config.fhir.delayReasonCodes !== undefined && { delayReasonCodes: config.fhir.delayReasonCodes }),
    },
    maxBodyBytes: config.fhir.maxBodyBytes,
    publishTimeoutMs: config.fhir.publishTimeoutMs,
    logger: infra.logger,
    metrics: fhirMetrics(),
    trustServerFor: async (ods) => {
      const baseUrl = config.fhir.sourceBaseUrls.get(ods);
      if (baseUrl === undefined) return undefined;
      let server = servers.get(ods);
      if (!server) {
        server = connectTrustServer({ baseUrl, bearerToken: config.fhir.sourceTokens.get(ods) });
        servers.set(ods, server);
      }
      return server;
    },
  });
  await app.listen({ port: config.fhir.port, host: config.fhir.host });
  infra.shutdown.register('fhir endpoint', () => app.close());
  await opsServer(infra);
  const address = app.server.address();
  infra.logger.info(
    {
      port: typeof address === 'object' && address !== null ? address.port : config.fhir.port,
      trusts: [...new Set(config.fhir.tokens.values())],
    },
    'FHIR endpoint listening',
  );
}

async function pull(env: CliIo['env'], once: boolean): Promise<void> {
  const config = loadFhirConfig(env, 'pull');
  const baseUrl = config.pull.baseUrl as string; // required for pull by loadFhirConfig
  const ods = config.pull.ods as string; // idem
  // --once ends by closing its connections, and the exit code is the poll's (see runCli).
  const infra = await connect(config, 'fhir-pull', once ? () => undefined : undefined);
  const poller = new EncounterPoller({
    server: await connectTrustServer({ baseUrl, bearerToken: config.pull.token }),
    ingest: infra.ingest,
    checkpoints: new CheckpointStore(infra.redis, ods, baseUrl),
    orgCode: ods,
    pageSize: config.pull.pageSize,
    overlapMs: config.pull.overlapMs,
    parse: {
      mrnSystems: config.fhir.mrnSystems,
      extensionUrls: config.fhir.extensionUrls,
      clockSkewToleranceMs: config.fhir.clockSkewToleranceMs,
      nhsNumbers: config.nhsNumbers,
      ...(config.fhir.delayReasonCodes !== undefined && { delayReasonCodes: config.fhir.delayReasonCodes }),
    },
    logger: infra.logger,
  });
  if (once) {
    try {
      await poller.pollOnce();
    } finally {
      await infra.shutdown.shutdown('pull --once finished');
      infra.shutdown.dispose();
    }
    return;
  }
  await opsServer(infra);
  const stop = new AbortController();
  const running = poller.run(config.pull.intervalMs, stop.signal);
  infra.shutdown.register('poller', async () => {
    stop.abort();
    await running;
  });
  infra.logger.info({ ods, intervalMs: config.pull.intervalMs }, 'pulling Encounters');
}
