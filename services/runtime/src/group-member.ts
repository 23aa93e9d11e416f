import type { HubConfig } from './config';
import { startOpsServer, type OpsServer } from './http';
import type { Logger } from './logger';
import { groupJoined, type ReadinessCheck } from './readiness';
import type { Shutdown } from './shutdown';

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
