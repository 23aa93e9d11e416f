import type { EventCodec } from '@homefirst/schemas';
import type { Admin, Kafka } from 'kafkajs';
import { createCodec } from './codec';
import type { HubConfig } from './config';
import { startOpsServer, type OpsServer } from './http';
import { createKafka, withAdmin } from './kafka';
import { createLogger, type Logger } from './logger';
import { groupJoined, type ReadinessCheck } from './readiness';
import { onShutdown, type Shutdown } from './shutdown';

/** A consumer group member a service runs: the projector, the feed router. */
export interface GroupMember {
  readonly isJoined: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The process a member runs in: its name (as the "running" log line says it), settings, log and exit. */
export interface MemberProcess {
  readonly name: string;
  readonly hub: Pick<HubConfig, 'http' | 'topicPrefix'>;
  readonly logger: Logger;
  readonly shutdown: Shutdown;
}

export interface MemberExtras {
  /** Readiness checks besides the group's (which is always `group`). */
  readonly checks?: Readonly<Record<string, ReadinessCheck>>;
  /** Logged with the "running" line besides the topic prefix and port: group id, councils, namespace… */
  readonly context?: Readonly<Record<string, unknown>>;
}

/**
 * The tail every consumer-group service shares: makes the member (its `onFatal` — a consumer that
 * crashed and will not restart — exits 1 through the shutdown hooks, so the supervisor restarts the
 * process), serves its ops endpoints (/healthz, /readyz — ready once the member has its partitions —
 * and /metrics), registers the shutdown hooks (the member stops before the ops server), starts it and
 * logs one "running" line. Returns the ops server (its bound port).
 */
export async function serveGroupMember(
  process: MemberProcess,
  create: (onFatal: () => void) => GroupMember,
  extras: MemberExtras = {},
): Promise<OpsServer> {
  const { name, hub, logger, shutdown } = process;
  const member = create(
    () => void shutdown.fail(`the ${name}'s Kafka consumer crashed and will not restart`),
  );
  const ops = await startOpsServer({
    port: hub.http.port,
    logger,
    checks: { ...extras.checks, group: groupJoined(member) },
  });
  shutdown.register('ops', () => ops.close());
  shutdown.register(name, () => member.stop());
  await member.start();
  logger.info({ ...extras.context, topicPrefix: hub.topicPrefix, port: ops.port }, `${name} running`);
  return ops;
}

/** What a consumer-group service's member is made with. */
export interface GroupServiceParts {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly logger: Logger;
  readonly onFatal: () => void;
}

export interface GroupServiceOptions {
  /** As the "running" line says it, e.g. `feed router`. */
  readonly name: string;
  /** The logger's name, e.g. `feed-router`. */
  readonly logName: string;
  readonly hub: HubConfig;
  /** Run with an admin client before the member starts (e.g. creating the service's own topics). */
  readonly prepare?: (admin: Admin) => Promise<void>;
  readonly create: (parts: GroupServiceParts) => GroupMember;
  readonly extras?: MemberExtras;
}

/**
 * A whole consumer-group service process (the feed router, webhook delivery): its logger, shutdown
 * hooks, Kafka client and codec from the hub config, `prepare` with an admin client, then the member
 * served as serveGroupMember does.
 */
export async function runGroupService(options: GroupServiceOptions): Promise<OpsServer> {
  const { hub } = options;
  const logger = createLogger({ name: options.logName, level: hub.log.level });
  const shutdown = onShutdown(logger);
  const kafka = createKafka(hub, logger);
  if (options.prepare !== undefined) await withAdmin(kafka, options.prepare);
  const codec = createCodec(hub);
  return serveGroupMember(
    { name: options.name, hub, logger, shutdown },
    (onFatal) => options.create({ kafka, codec, logger, onFatal }),
    options.extras,
  );
}
