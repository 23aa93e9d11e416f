import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createCodec,
  connectRedis,
  createKafka,
  createProducer,
  createProgress,
  createRedis,
  describeError,
  type Logger,
  type Progress,
} from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import type { Admin, Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { ProjectorConfig } from '../config';
import { LiveProjector } from '../consumer/live-projector';
import { ReadModelWriter } from '../redis/writer';
import { connectAdmin, personPartitions, startOffsets, type PartitionMarks } from './kafka-partitions';
import { checkProjection, lagOf, planStart, RebuildRefusedError, type RebuildState } from './plan';
import { VersionStore } from './version-store';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

export interface RebuildRequest {
  readonly projection: string;
  /** Epoch ms: build the read models of the events recorded in Kafka since then (empty start), else of all. */
  readonly fromTimestamp: number | null;
  /** Start the next version clean even when an unfinished one could be resumed. */
  readonly fresh: boolean;
  /** How long the old version stays after the switch (requests that resolved it before finish). */
  readonly graceMs: number;
  readonly lockTtlMs?: number;
  readonly pollMs?: number;
}

export interface RebuildResult {
  readonly runId: string;
  readonly projection: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly resumed: boolean;
  /** Records the new version read (from its start offsets to the switch). */
  readonly events: number;
  readonly switchedAt: string;
  readonly droppedKeys: number;
  readonly alertMarkersCopied: number;
}

/** What a rebuild needs from outside: config, logger, and a hook called once the switch is done. */
export interface RebuildContext {
  readonly config: ProjectorConfig;
  readonly logger: Logger;
  readonly progressStream?: NodeJS.WriteStream;
  readonly onSwitched?: (result: Omit<RebuildResult, 'droppedKeys'>) => Promise<void>;
}

/** The lock held by this run, refreshed in the background; `lost` once another run could have taken it. */
interface HeldLock {
  readonly value: string;
  lost: boolean;
  readonly timer: NodeJS.Timeout;
}

/**
 * `replay rebuild`: fills the next read-model version (`<root>v<N+1>:`) from the earliest offsets (or a
 * timestamp) with the projector's own machinery — a LiveProjector in a consumer group of its own, writing
 * with a fixed namespace — while the live projector keeps writing the live version. When the new version has
 * caught up (no lag, and every partition at least as far as the live version), one Lua script checks the lock
 * and moves the alias; live writers, the sweeper and the API follow it. After the grace period the old
 * version's keys are dropped. Killed at any point, a rerun resumes (offsets are in Redis) or --fresh restarts.
 */
export async function rebuildReadModels(
  request: RebuildRequest,
  context: RebuildContext,
): Promise<RebuildResult> {
  const projection = checkProjection(request.projection); // before any I/O: a typo touches nothing
  const { hub, projector: settings } = context.config;
  const redis = createRedis(hub, { logger: context.logger });
  const kafka = createKafka(hub, context.logger);
  const admin = kafka.admin();
  try {
    await connectRedis(redis);
    const store = new VersionStore(redis, settings.namespace);
    await connectAdmin(admin);
    const partitions = await personPartitions(admin, hub.topicPrefix);
    const runId = randomUUID();
    const lock = await takeLock(store, runId, request.lockTtlMs ?? 30_000);
    try {
      return await rebuildHoldingLock({
        request,
        context,
        projection,
        redis,
        kafka,
        admin,
        store,
        partitions,
        runId,
        lock,
      });
    } finally {
      clearInterval(lock.timer);
      await store.releaseLock(lock.value).catch(() => undefined);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
    redis.disconnect();
  }
}

async function takeLock(store: VersionStore, runId: string, ttlMs: number): Promise<HeldLock> {
  const live = await store.liveVersion();
  const taken = await store.acquireLock(
    { runId, since: new Date().toISOString(), toVersion: live + 1 },
    ttlMs,
  );
  if (!taken.acquired) {
    const holder = taken.holder;
    throw new RebuildRefusedError(
      holder === null
        ? 'a rebuild is already running (its lock has just changed hands); see `homefirst replay status`'
        : `a rebuild (run ${holder.runId}) is already running since ${holder.since} into v${holder.toVersion}; wait for it or see \`homefirst replay status\``,
    );
  }
  const lock: HeldLock = {
    value: taken.value,
    lost: false,
    timer: setInterval(
      () => {
        void store
          .refreshLock(taken.value, ttlMs)
          .then((held) => {
            if (!held) lock.lost = true;
          })
          .catch(() => undefined); // a blip: the next refresh (a third of the TTL later) tries again
      },
      Math.max(1_000, Math.floor(ttlMs / 3)),
    ),
  };
  lock.timer.unref();
  return lock;
}

interface RunParts {
  readonly request: RebuildRequest;
  readonly context: RebuildContext;
  readonly projection: string;
  readonly redis: Redis;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly store: VersionStore;
  readonly partitions: readonly PartitionMarks[];
  readonly runId: string;
  readonly lock: HeldLock;
}

async function rebuildHoldingLock(run: RunParts): Promise<RebuildResult> {
  const { store, request, redis, partitions, runId } = run;
  const live = await store.liveVersion();
  const plan = planStart(live, await store.state(), request);
  if (plan.kind === 'finish-drop') {
    // Killed after its switch: that rebuild finished; its audit record (same eventId: deduped if it was sent)
    // and the drop of the old version are what is left.
    const { state } = plan;
    const switched = {
      runId: state.runId,
      projection: run.projection,
      fromVersion: state.fromVersion,
      toVersion: state.toVersion,
      resumed: true,
      events: state.events,
      switchedAt: state.switchedAt,
      alertMarkersCopied: 0,
    };
    await run.context.onSwitched?.(switched);
    await sleep(Math.max(0, state.dropAfter - Date.now()));
    const droppedKeys = await store.dropNamespace(store.keys.namespace(state.fromVersion));
    await store.clearState(state.runId);
    return { ...switched, droppedKeys };
  }
  const toKeys = new ReadModelKeys(store.keys.namespace(plan.toVersion));
  if (plan.kind === 'new') await store.dropNamespace(toKeys.namespace); // leftovers of a killed or --fresh run
  const starts = await startOffsets(run.admin, partitions, request.fromTimestamp);
  // Every partition gets its start offset in the new version (NX: a resumed version keeps its own).
  const init = redis.pipeline();
  for (const p of partitions)
    init.set(
      toKeys.offset(p.topic, p.partition),
      String(starts.get(`${p.topic}:${p.partition}`) ?? p.low),
      'NX',
    );
  await init.exec();
  const total =
    plan.kind === 'resume'
      ? plan.total
      : partitions.reduce(
          (sum, p) => sum + Math.max(0, p.high - (starts.get(`${p.topic}:${p.partition}`) ?? p.low)),
          0,
        );
  const building: RebuildState = {
    phase: 'building',
    runId,
    startedAt: new Date().toISOString(),
    fromVersion: live,
    toVersion: plan.toVersion,
    projection: 'all',
    fromTimestamp: request.fromTimestamp,
    total,
  };
  await store.saveState(building);
  const fromNs = store.keys.namespace(live);
  let alertMarkersCopied = await store.copyAlertMarkers(fromNs, toKeys.namespace);
  const progress = createProgress({
    label: `rebuild v${plan.toVersion}`,
    total,
    ...(run.context.progressStream && { stream: run.context.progressStream }),
  });
  const switched = await buildUntilSwitched(run, toKeys, live, plan.toVersion, starts, progress);
  alertMarkersCopied += await store.copyAlertMarkers(fromNs, toKeys.namespace); // set between copy and switch
  const result = {
    runId,
    projection: run.projection,
    fromVersion: live,
    toVersion: plan.toVersion,
    resumed: plan.kind === 'resume',
    events: switched.events,
    switchedAt: switched.at,
    alertMarkersCopied,
  };
  await run.context.onSwitched?.(result);
  await sleep(request.graceMs);
  const droppedKeys = await store.dropNamespace(fromNs);
  await store.clearState(runId);
  return { ...result, droppedKeys };
}

/** Runs the rebuild's projector until the new version caught up and the alias switched to it. */
async function buildUntilSwitched(
  run: RunParts,
  toKeys: ReadModelKeys,
  fromVersion: number,
  toVersion: number,
  starts: ReadonlyMap<string, number>,
  progress: Progress,
): Promise<{ events: number; at: string }> {
  const { context, kafka, store, partitions } = run;
  const { hub, projector: settings } = context.config;
  const writerRedis = Array.from({ length: settings.concurrency }, () =>
    createRedis(hub, { logger: context.logger, commandTimeoutMs: 30_000 }),
  );
  const producer = createProducer(kafka);
  // A group of its own: the rebuild never moves the live projector's group. Deleted when the run ends.
  const groupId = `${settings.groupId}-rebuild-v${toVersion}`;
  let fatal: Error | null = null;
  const projector = new LiveProjector({
    kafka,
    codec: createCodec(hub),
    writer: writerRedis.map((redis) => new ReadModelWriter(redis, toKeys)),
    producer,
    topicPrefix: hub.topicPrefix,
    groupId,
    logger: context.logger,
    batchSize: settings.batchSize,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    onFatal: (error) => (fatal = error),
  });
  let done = 0;
  try {
    for (const redis of writerRedis) await connectRedis(redis);
    await producer.connect();
    await projector.start();
    for (;;) {
      if (fatal !== null) throw new Error(`the rebuild's consumer crashed: ${describeError(fatal)}`);
      if (run.lock.lost)
        throw new RebuildRefusedError(
          'the rebuild lost its lock (Redis unreachable for longer than its TTL); rerun to resume',
        );
      const stored = await run.redis.mget(...partitions.map((p) => toKeys.offset(p.topic, p.partition)));
      const now = await personPartitions(run.admin, hub.topicPrefix);
      const rows = now.map((p, i) => ({
        high: p.high,
        low: p.low,
        stored: stored[i] == null ? null : Number(stored[i]),
      }));
      const lag = lagOf(rows);
      const read = rows.reduce((sum, r, i) => {
        const p = now[i] as PartitionMarks;
        return sum + Math.max(0, (r.stored ?? p.low) - (starts.get(`${p.topic}:${p.partition}`) ?? p.low));
      }, 0);
      progress.advance(read - done, lag);
      done = read;
      if (lag === 0) {
        const at = new Date();
        const outcome = await store.switchAlias({
          lockValue: run.lock.value,
          fromVersion,
          toVersion,
          partitions,
          nextState: {
            phase: 'dropping',
            runId: run.runId,
            switchedAt: at.toISOString(),
            fromVersion,
            toVersion,
            dropAfter: at.getTime() + run.request.graceMs,
            events: done,
          },
        });
        if (outcome === 'ok') {
          progress.finish();
          return { events: done, at: at.toISOString() };
        }
        if (outcome === 'lock')
          throw new RebuildRefusedError('the rebuild lost its lock before the switch; rerun to resume');
        if (outcome === 'moved')
          throw new RebuildRefusedError(
            `the live alias moved away from v${fromVersion} during the rebuild; rerun with --fresh`,
          );
        // 'behind': the live version moved on meanwhile; keep consuming and try again.
      }
      await sleep(run.request.pollMs ?? 500);
    }
  } catch (err) {
    progress.fail();
    throw err;
  } finally {
    await projector.stop().catch(() => undefined);
    await run.admin.deleteGroups([groupId]).catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    for (const redis of writerRedis) redis.disconnect();
  }
}
