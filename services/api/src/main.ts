import { readModels } from '@homefirst/schemas';
import {
  createCodec,
  checkReadiness,
  collectProcessMetrics,
  connectRedis,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  metricsRegistry,
  onShutdown,
  runMain,
} from '@homefirst/runtime';
import { Command } from 'commander';
import { kafkaAuditSink } from './audit';
import { createSignIn } from './auth/sign-in';
import { createTokenVerifier } from './auth/verify';
import { loadApiConfig } from './config';
import { ALIAS_TTL_MS, LiveReadModelReader } from './live-reader';
import { registerAuthRoutes } from './routes/auth';
import { registerBoardRoutes } from './routes/board';
import { registerReadRoutes } from './routes/read-models';
import { registerStreamRoute } from './routes/stream';
import { buildServer } from './server';

/** The live API: read models from Redis, person-level reads audited to Kafka, the board, SSE. */
async function serve(): Promise<void> {
  const config = loadApiConfig();
  const logger = createLogger({ name: 'api', level: config.hub.log.level });
  const shutdown = onShutdown(logger);
  collectProcessMetrics();

  const redis = createRedis(config.hub, { logger, autoPipelining: true });
  await connectRedis(redis);
  shutdown.register('redis', () => Promise.resolve(redis.disconnect()));
  const kafka = createKafka(config.hub, logger);
  const producer = createProducer(kafka);
  await producer.connect();
  shutdown.register('kafka producer', () => producer.disconnect());
  const codec = createCodec(config.hub);

  const reader = new LiveReadModelReader(
    redis,
    () => createRedis(config.hub, { logger }),
    config.readModelNamespace,
    {
      ...readModels.DEFAULT_VIEW_CONFIG,
      bedDayCostGbp: config.bedDayCostGbp,
      pathwayTargets: config.pathwayTargets,
      longDelayDays: config.longDelayDays,
      internalReasons: config.internalReasons,
    },
    ALIAS_TTL_MS,
    true, // queue pages kept while the read models do not change
  );
  shutdown.register('read-model changes', () => Promise.resolve(reader.close()));
  const signIn = config.signIn === null ? null : createSignIn(config.signIn);
  const app = await buildServer({
    logger,
    verifyToken: createTokenVerifier(config.tokens),
    rateLimitPerMinute: config.rateLimitPerMinute,
    ...(signIn !== null && {
      sessions: {
        cookieName: signIn.cookies.session,
        codec: signIn.sessions,
        issuerOrigin: new URL(signIn.config.issuer).origin,
      },
    }),
  });
  if (signIn !== null) {
    registerAuthRoutes(app, signIn);
    logger.info(
      { issuer: signIn.config.issuer, claims: signIn.config.claimMapping.kind },
      'sign-in with OpenID Connect',
    );
  } else logger.info('sign-in off (no HOMEFIRST_OIDC_ISSUER): bearer tokens only');
  registerReadRoutes(app, {
    reader,
    audit: kafkaAuditSink({ producer, codec, topicPrefix: config.hub.topicPrefix, apiOrg: 'HUB' }),
    maxPageSize: config.maxPageSize,
    table5ReasonMap: config.table5ReasonMap,
  });
  registerStreamRoute(app, reader);
  registerBoardRoutes(app);
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const report = await checkReadiness(
      { redis: async () => redis.ping(), registry: async () => codec.prepare(['homefirst.audit.v1']) },
      2000,
    );
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics()),
  );
  await app.listen({ port: config.port, host: config.host });
  shutdown.register('http', () => app.close());
  logger.info({ port: config.port }, 'API and board listening');
}

/** `homefirst-api serve` (the bin); `homefirst up` runs it. Exit 2 for usage errors. */
export async function run(argv: readonly string[]): Promise<void> {
  const program = new Command('homefirst-api')
    .description('Homefirst query API and discharge board')
    .exitOverride();
  program
    .command('serve')
    .description('serve the JSON API, /openapi.json, server-sent events and the board')
    .action(() => runMain(serve, { name: 'api' }));
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    process.exitCode = (err as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
}
