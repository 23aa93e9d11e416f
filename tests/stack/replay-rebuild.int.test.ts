import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readModels } from '@homefirst/schemas';
import { TopicReader, redisKeysUnder, reservePort, waitFor } from '@homefirst/testing';
import { projectAll, readSnapshot, renderReadModels, type ProjectedEvent } from '@homefirst/projector';
import { testApiToken } from '../../services/api/src/testing/api-token';
import { ProjectorStack } from '../../services/projector/src/testing/projector-stack';
import { codecFor, publishEvents } from '../../services/projector/src/testing/stack';
import { demoCityEvents } from '../support/demo-city';
import { buildWorkspaces, messageLines, runHomefirst, type CliRun } from '../support/homefirst-cli';
import { startHubProcess, type HubProcess } from '../support/hub-process';

// `homefirst replay rebuild` on the real stack, through the public edges: the live projector and the API run
// as processes; the rebuild runs as the CLI. While it runs the API is read in a loop and more events arrive.
// Every read answers 200 from ONE version (the x-homefirst-read-model header; never back to the old one after
// the switch), the rebuilt version equals the offline projection of every event and `homefirst project` over
// `homefirst export events --format ndjson` of the topics, the old version is gone,
// a second rebuild is refused, and bad input (unknown projection, Kafka down) is one line, exit 1, nothing touched.

jest.setTimeout(600_000);

const repoRoot = join(__dirname, '..', '..');

/**
 * `homefirst project` over the file the real `homefirst export events --format ndjson` writes of the test's
 * topics, with now = `now`, as JSON (without its input counts).
 */
async function projectExport(now: Date): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'it-rebuild-'));
  try {
    const file = join(dir, 'events.ndjson');
    const exported = await runHomefirst(['export', 'events', '--format', 'ndjson', '--out', file, '--json'], {
      ...env,
      HOMEFIRST_ACTOR: 'it-rebuild',
    });
    expect({ code: exported.code, stderr: messageLines(exported.stderr) }).toEqual({ code: 0, stderr: [] });
    expect(JSON.parse(exported.stdout)).toMatchObject({ rows: events.length, duplicates: 0 });
    const run = await runHomefirst(['project', file, '--now', now.toISOString()], {});
    expect(run.code).toBe(0);
    const { input, ...readModelsJson } = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(input).toMatchObject({ events: events.length, invalid: 0 });
    return readModelsJson;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const adminToken = (): Promise<string> => testApiToken({ role: 'admin', subject: 'it-rebuild-admin' });

const stack = new ProjectorStack();
const root = `${stack.prefix.slice(0, -1)}:`;
const v1 = new readModels.ReadModelKeys(`${root}v1:`);
const v2 = new readModels.ReadModelKeys(`${root}v2:`);
const v3 = new readModels.ReadModelKeys(`${root}v3:`);
const v4 = new readModels.ReadModelKeys(`${root}v4:`);
const versions = new readModels.VersionKeys(root);
const env = stack.processEnv(v1, `${root}group`, { HOMEFIRST_LOG_LEVEL: 'warn' });
const processes: HubProcess[] = [];
let apiPort = 0;
/** Just before the events published after the first switch were written (Kafka record timestamps). */
let beforeAfterSwitch = 0;

// Two days of the demo city (a small trust: 20 admissions a day, two weeks of warm-up): ~1,400 events, made
// in beforeAll once the connectors' `map` commands are built. Three slices of the feed: before the rebuild,
// during it, after the switch.
let events: ProjectedEvent[] = [];
let firstHalf: ProjectedEvent[] = [];
let secondHalf: ProjectedEvent[] = [];
let afterSwitch: ProjectedEvent[] = [];

function makeDemoCity(): void {
  events = demoCityEvents({
    start: new Date('2025-03-03T00:00:00Z'),
    days: 2,
    seed: 1313,
    admissionsPerDay: 20,
    warmupDays: 14,
  });
  firstHalf = events.slice(0, Math.floor(events.length / 2));
  secondHalf = events.slice(firstHalf.length, Math.floor((events.length * 9) / 10));
  afterSwitch = events.slice(firstHalf.length + secondHalf.length);
}

async function refusesBadInput(): Promise<void> {
  const before = await readSnapshot(stack.redis, v1);
  const unknown = await runHomefirst(['replay', 'rebuild', '--projection', 'nonsense'], env);
  expect(unknown.code).toBe(1);
  expect(messageLines(unknown.stderr)).toEqual([expect.stringContaining("unknown projection 'nonsense'")]);
  const down = await runHomefirst(['replay', 'rebuild'], { ...env, HOMEFIRST_KAFKA_BROKERS: '127.0.0.1:1' });
  expect(down.code).toBe(1);
  expect(messageLines(down.stderr)).toEqual([expect.stringContaining('Kafka is not reachable')]);
  expect(down.stderr.split('\n').some((line) => line.trimStart().startsWith('at '))).toBe(false);
  expect(await stack.redis.get(versions.alias)).toBeNull();
  expect(await stack.redis.exists(versions.rebuildLock, versions.rebuildState)).toBe(0);
  expect(await readSnapshot(stack.redis, v1)).toEqual(before);
}

async function rebuildsWhileReading(): Promise<void> {
  const token = await adminToken();
  const reads: Array<{ status: number; namespace: string | null }> = [];
  let reading = true;
  const readLoop = (async () => {
    for (let i = 0; reading; i += 1) {
      const path = i % 2 === 0 ? '/api/v1/queue?pageSize=200' : '/api/v1/kpis';
      const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      reads.push({ status: res.status, namespace: res.headers.get('x-homefirst-read-model') });
      await sleep(20);
    }
  })();

  const rebuild = runHomefirst(['replay', 'rebuild', '--grace-seconds', '3', '--json'], env);
  // A second rebuild while the first holds the lock is refused, naming the run.
  let finished: CliRun | undefined;
  void rebuild.then((r) => (finished = r));
  await waitFor(
    'the rebuild to take its lock',
    async () => {
      if (finished !== undefined) throw new Error(`the rebuild ended early: ${JSON.stringify(finished)}`);
      return (await stack.redis.exists(versions.rebuildLock)) === 1 ? true : undefined;
    },
    60_000,
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${processes.map((p) => p.output()).join('\n')}`);
  });
  const second = await runHomefirst(['replay', 'rebuild'], env);
  expect(second.code).toBe(1);
  expect(messageLines(second.stderr)).toEqual([
    expect.stringMatching(/a rebuild \(run [0-9a-f-]+\) is already running since /),
  ]);
  // More events arrive during the rebuild: the live projector writes v1, then follows the alias to v2.
  for (let i = 0; i < secondHalf.length; i += 50) {
    await publishEvents(stack.config, secondHalf.slice(i, i + 50));
    await sleep(100);
  }
  const done = await rebuild;
  expect({ code: done.code, stderr: messageLines(done.stderr) }).toEqual({ code: 0, stderr: [] });
  const result = JSON.parse(done.stdout) as { fromVersion: number; toVersion: number; events: number };
  expect(result).toMatchObject({ fromVersion: 1, toVersion: 2 });
  expect(done.stderr).toContain('"progress":"rebuild v2"');

  expect(await stack.redis.get(versions.alias)).toBe('v2');
  // The rebuild is on the audit topic: who, from which version to which, how many events.
  const audit = new TopicReader(stack.kafka, codecFor(stack.config), stack.prefix);
  await audit.start(['homefirst.audit.v1']);
  try {
    await audit.until('the ReadModelsRebuilt audit record', (reader) =>
      reader.events('homefirst.audit.v1').some((e) => e.type === 'ReadModelsRebuilt'),
    );
    expect(audit.events('homefirst.audit.v1').filter((e) => e.type === 'ReadModelsRebuilt')).toEqual([
      expect.objectContaining({
        type: 'ReadModelsRebuilt',
        personKey: null,
        payload: expect.objectContaining({
          fromVersion: 'v1',
          toVersion: 'v2',
          projection: 'all',
          events: result.events,
        }) as unknown,
      }),
    ]);
  } finally {
    await audit.stop();
  }
  const leftovers = await redisKeysUnder(stack.redis, v1.namespace);
  expect(leftovers).toEqual([]);
  // Only the live projector runs now: events after the switch reach v2 because it followed the alias.
  beforeAfterSwitch = Date.now() - 1;
  await publishEvents(stack.config, afterSwitch);
  await stack.waitForProjection(v2, 120_000, () => processes.map((p) => p.output()).join('\n'));
  const status = await runHomefirst(['replay', 'status', '--json'], env);
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({
    live: 2,
    aliasSet: true,
    lock: null,
    rebuild: null,
    versions: [{ version: 2, role: 'live', lag: 0 }],
  });
  await sleep(500);
  reading = false;
  await readLoop;

  expect(reads.filter((r) => r.status !== 200)).toEqual([]);
  const seen = reads.map((r) => r.namespace);
  expect(new Set(seen)).toEqual(new Set([v1.namespace, v2.namespace]));
  // Once a read came from v2, none came from v1 again.
  expect(seen.slice(seen.indexOf(v2.namespace))).not.toContain(v1.namespace);
  expect(await readSnapshot(stack.redis, v2)).toEqual(projectAll(events));
  // …and, rendered for an instant, what `homefirst project` prints over `homefirst export events --format
  // ndjson` of the same topics.
  const at = new Date('2025-03-05T12:00:00Z');
  expect(JSON.parse(JSON.stringify(renderReadModels(await readSnapshot(stack.redis, v2), at)))).toEqual(
    await projectExport(at),
  );
}

async function resumesAfterKill(): Promise<void> {
  // Run the projector's own command (not the CLI, which would leave its child running when killed), slowly.
  const first = spawn(
    process.execPath,
    [
      join(repoRoot, 'services', 'projector', 'bin', 'homefirst-projector.js'),
      'replay',
      'rebuild',
      '--lock-ttl-seconds',
      '2',
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...env,
        HOMEFIRST_PROJECTOR_BATCH_SIZE: '5',
        HOMEFIRST_PROJECTOR_CONCURRENCY: '1',
      },
      stdio: 'ignore',
    },
  );
  const exited = new Promise((resolve) => first.once('exit', resolve));
  await waitFor(
    'the rebuild of v3 to write',
    async () => ((await stack.projected(v3)) > 0 ? true : undefined),
    60_000,
  );
  first.kill('SIGKILL');
  await exited;
  const partial = await stack.projected(v3);
  expect(partial).toBeLessThan(await stack.published());
  expect(await stack.redis.get(versions.alias)).toBe('v2');

  const status = await runHomefirst(['replay', 'status', '--json'], env);
  expect(JSON.parse(status.stdout)).toMatchObject({
    live: 2,
    rebuild: { phase: 'building', toVersion: 3 },
    versions: [
      { version: 2, role: 'live' },
      { version: 3, role: 'building' },
    ],
  });
  await waitFor(
    "the killed run's lock to expire",
    async () => ((await stack.redis.exists(versions.rebuildLock)) === 0 ? true : undefined),
    30_000,
  );

  const rerun = await runHomefirst(['replay', 'rebuild', '--grace-seconds', '1', '--json'], env);
  expect({ code: rerun.code, stderr: messageLines(rerun.stderr) }).toEqual({ code: 0, stderr: [] });
  expect(JSON.parse(rerun.stdout)).toMatchObject({ fromVersion: 2, toVersion: 3, resumed: true });
  expect(await stack.redis.get(versions.alias)).toBe('v3');
  const leftovers = await redisKeysUnder(stack.redis, v2.namespace);
  expect(leftovers).toEqual([]);
  await stack.waitForProjection(v3, 120_000, () => processes.map((p) => p.output()).join('\n'));
  expect(await readSnapshot(stack.redis, v3)).toEqual(projectAll(events));
}

async function rebuildsFromTimestamp(): Promise<void> {
  // v3 is live (the previous test). From T the new version starts empty and holds the events since T only.
  const done = await runHomefirst(
    [
      'replay',
      'rebuild',
      '--from-timestamp',
      new Date(beforeAfterSwitch).toISOString(),
      '--grace-seconds',
      '0',
      '--json',
    ],
    env,
  );
  expect({ code: done.code, stderr: messageLines(done.stderr) }).toEqual({ code: 0, stderr: [] });
  expect(JSON.parse(done.stdout)).toMatchObject({ fromVersion: 3, toVersion: 4, events: afterSwitch.length });
  expect(await readSnapshot(stack.redis, v4)).toEqual(projectAll(afterSwitch));
}

describe('replay rebuild while the API is read (real stack)', () => {
  beforeAll(async () => {
    buildWorkspaces([
      'services/projector',
      'services/api',
      'services/cli',
      'services/demo',
      'connectors/hl7v2',
      'connectors/council',
    ]);
    makeDemoCity();
    await stack.start();
    await publishEvents(stack.config, firstHalf);
    apiPort = await reservePort();
    processes.push(
      await startHubProcess(
        'projector',
        'services/projector/bin/homefirst-projector.js',
        ['run', '--no-sweep'],
        env,
      ),
      await startHubProcess('api', 'services/api/bin/homefirst-api.js', ['serve'], {
        ...env,
        HOMEFIRST_API_PORT: String(apiPort),
        HOMEFIRST_HTTP_PORT: String(apiPort),
        HOMEFIRST_API_RATE_LIMIT_PER_MINUTE: '1000000',
      }),
    );
    await stack.waitForProjection(v1, 120_000, () => processes.map((p) => p.output()).join('\n'));
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await stack.redis.del(versions.alias, versions.rebuildLock, versions.rebuildState);
    await stack.stop([v1.namespace, v2.namespace, v3.namespace, v4.namespace]);
  });

  it(
    'refuses an unknown projection and an unreachable Kafka with one line and exit 1, touching nothing',
    refusesBadInput,
  );

  it(
    'rebuilds into v2 and switches while the API is read: every read answers from one version, the rebuilt version equals the offline projection',
    rebuildsWhileReading,
  );
  it(
    'killed mid-rebuild, a rerun resumes the unfinished version (its offsets are in Redis) and switches to it',
    resumesAfterKill,
  );
  it(
    'with --from-timestamp T, builds a version that starts empty and holds the read models of the events since T',
    rebuildsFromTimestamp,
  );
});
