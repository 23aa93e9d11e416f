import { connectRedis, createKafka, createRedis, type Logger } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import type { ProjectorConfig } from '../config';
import { connectAdmin, personPartitions } from './kafka-partitions';
import { lagOf, type RebuildState } from './plan';
import { VersionStore, type LockHolder } from './version-store';

export interface VersionStatus {
  readonly version: number;
  readonly namespace: string;
  /** live: readers and the live projector use it; building: a rebuild fills it; dropping: switched away from. */
  readonly role: 'live' | 'building' | 'dropping';
  /** Records left to the person topics' high watermarks (all partitions); null when it has no offsets yet. */
  readonly lag: number | null;
}

export interface ReplayStatus {
  readonly root: string;
  readonly live: number;
  /** Whether the alias key is set (else the configured namespace's version is live). */
  readonly aliasSet: boolean;
  readonly versions: readonly VersionStatus[];
  readonly lock: (LockHolder & { readonly expiresInMs: number }) | null;
  readonly rebuild: RebuildState | null;
}

/** `replay status`: versions present, which is live, the rebuild lock and progress, lag per version. */
export async function replayStatus(config: ProjectorConfig, logger: Logger): Promise<ReplayStatus> {
  const { hub, projector: settings } = config;
  const redis = createRedis(hub, { logger });
  const admin = createKafka(hub, logger).admin();
  try {
    await connectRedis(redis);
    const store = new VersionStore(redis, settings.namespace);
    await connectAdmin(admin);
    const partitions = await personPartitions(admin, hub.topicPrefix);
    const [live, alias, state, lock, ttl] = await Promise.all([
      store.liveVersion(),
      store.aliasText(),
      store.state(),
      store.lockHolder(),
      redis.pttl(store.keys.rebuildLock),
    ]);
    const roles = new Map<number, VersionStatus['role']>([[live, 'live']]);
    if (state?.phase === 'building' && state.toVersion !== live) roles.set(state.toVersion, 'building');
    if (state?.phase === 'dropping' && state.fromVersion !== live) roles.set(state.fromVersion, 'dropping');
    const versions: VersionStatus[] = [];
    for (const [version, role] of [...roles].sort(([a], [b]) => a - b)) {
      const keys = new readModels.ReadModelKeys(store.keys.namespace(version));
      const stored = await redis.mget(...partitions.map((p) => keys.offset(p.topic, p.partition)));
      const any = stored.some((text) => text !== null);
      versions.push({
        version,
        namespace: keys.namespace,
        role,
        lag: any
          ? lagOf(
              partitions.map((p, i) => ({
                high: p.high,
                low: p.low,
                stored: stored[i] == null ? null : Number(stored[i]),
              })),
            )
          : null,
      });
    }
    return {
      root: store.keys.root,
      live,
      aliasSet: alias !== null,
      versions,
      lock: lock === null ? null : { ...lock, expiresInMs: ttl },
      rebuild: state,
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
    redis.disconnect();
  }
}

/** The status as a few lines for people. */
export function formatStatus(status: ReplayStatus): string {
  const lines = [
    `live: v${status.live} (${status.root}v${status.live}:)${status.aliasSet ? '' : ' — no alias set yet, the configured version'}`,
  ];
  for (const v of status.versions)
    lines.push(
      `  v${v.version}  ${v.role.padEnd(8)}  ${v.namespace.padEnd(24)}  lag ${v.lag ?? 'no offsets yet'}`,
    );
  if (status.lock !== null)
    lines.push(
      `rebuild running: run ${status.lock.runId} since ${status.lock.since} into v${status.lock.toVersion}`,
    );
  else if (status.rebuild?.phase === 'building')
    lines.push(
      `unfinished rebuild of v${status.rebuild.toVersion} (no process holds the lock): rerun \`homefirst replay rebuild\` to resume, or --fresh`,
    );
  if (status.rebuild?.phase === 'dropping')
    lines.push(
      `v${status.rebuild.fromVersion} is dropped after ${new Date(status.rebuild.dropAfter).toISOString()}`,
    );
  return lines.join('\n');
}
