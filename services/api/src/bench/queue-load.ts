import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { readModels } from '@homefirst/schemas';
import type autocannon from 'autocannon';
import type { Redis } from 'ioredis';

// The queue benchmark's load phase (queue.ts): the load generator in a process of its own, the read models
// changing meanwhile as the projector changes them, and Redis's own CPU time.

/**
 * Changes to the read models per second during the queue's load phase, each as the projector makes one (entry
 * written and the change published in one MULTI), so pages kept between changes are measured with changes
 * arriving: 10/s is far more than a region's ADT and council feeds make (a trust's few thousand messages a day).
 */
export const CHANGES_PER_SEC = Number(process.env.BENCH_CHANGES_PER_SEC ?? 10);

/** autocannon in a process of its own (load.ts); the result and this process's CPU time while it ran. */
export async function runLoad(
  options: autocannon.Options,
): Promise<{ result: autocannon.Result & { generatorCpuMicros?: number }; cpuMicros: number }> {
  const before = process.cpuUsage();
  const child = spawn(process.execPath, [join(__dirname, 'load.js')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(options));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${String(code)}`);
  const used = process.cpuUsage(before);
  return {
    result: JSON.parse(out) as autocannon.Result & { generatorCpuMicros?: number },
    cpuMicros: used.user + used.system,
  };
}

/**
 * CHANGES_PER_SEC changes until stopped, each as the projector writes: one person's entry rewritten (its reason's
 * start moved on, a field the page shows; no index changes) and the change published, in one MULTI. Resolves
 * with the number made.
 */
export function changeEntries(
  redis: Redis,
  keys: readModels.ReadModelKeys,
  people: readonly { readonly personKey: string }[],
): { stop: () => Promise<number> } {
  let made = 0;
  let running = Promise.resolve();
  const change = async (): Promise<void> => {
    const person = people[Math.floor(Math.random() * people.length)];
    if (person === undefined) return;
    const text = await redis.hget(keys.queueEntry, person.personKey);
    if (text === null) return;
    const entry = JSON.parse(text) as readModels.QueueEntry;
    const changed = { ...entry, delayReasonSince: new Date().toISOString() };
    await redis
      .multi()
      .hset(keys.queueEntry, person.personKey, JSON.stringify(changed))
      .publish(keys.changes, JSON.stringify({ bench: true }))
      .exec();
    made += 1;
  };
  const timer =
    CHANGES_PER_SEC > 0
      ? setInterval(() => {
          running = running.then(change);
        }, 1000 / CHANGES_PER_SEC)
      : undefined;
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      return made;
    },
  };
}

/** Redis's own CPU time so far (INFO cpu: user + system), in microseconds. */
export async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string): number =>
    Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return Math.round((seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6);
}
