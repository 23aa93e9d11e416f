import { performance } from 'node:perf_hooks';
import { loadConfig } from '@homefirst/runtime';
import { connectedRedis, deleteRedisKeys, numberArgument, uniqueName } from '@homefirst/testing';
import { readModels } from '@homefirst/schemas';
import { streamOf } from '../person/journal';
import { ReadModelWriter, type WindowPart } from '../redis/writer';
import { COUNCIL, HOSPITAL, round, storyChunks } from './rebuild';

const { ReadModelKeys } = readModels;

/**
 * Micro-benchmark of the Redis writer alone (no Kafka, no decoding): the bench's population written in
 * windows of `--window` messages (hospital and council of one partition, as a rebuild's windows), with the
 * person cache the live projector uses. Prints CPU µs and wall µs per event of this process, so a change to
 * the projection path can be measured in seconds and profiled (`node --cpu-prof dist/bench/writer-only.js`)
 * without the noise of the consumer. Usage: node dist/bench/writer-only.js [--events 100000] [--window 1500]
 * [--cached 1500]. Uses the local stack's Redis (HOMEFIRST_* variables), in a namespace of its own.
 */
async function main(): Promise<void> {
  const events = numberArgument('events', 100_000);
  const windowSize = numberArgument('window', 1_500);
  const config = loadConfig(process.env);
  const redis = await connectedRedis(config);
  const keys = new ReadModelKeys(`${uniqueName('bench-writer')}:`);
  const writer = new ReadModelWriter(redis, keys);
  writer.usePersonCache({ topics: [HOSPITAL, COUNCIL], maxPersons: numberArgument('cached', 1_500) });
  const offsets = { hospital: 0, council: 0 };
  let written = 0;
  let seconds = 0;
  let cpuMicros = 0;
  try {
    // Events are generated lazily (a window at a time); only the writer's work is timed.
    for (const chunk of storyChunks(events, 1, 0)) {
      for (let at = 0; at < chunk.length; at += windowSize) {
        const hospital: WindowPart['messages'][number][] = [];
        const council: WindowPart['messages'][number][] = [];
        for (const event of chunk.slice(at, at + windowSize)) {
          const stream = streamOf(event.type);
          (stream === 'hospital' ? hospital : council).push({ offset: offsets[stream]++, event });
        }
        const parts: WindowPart[] = [
          { topic: HOSPITAL, partition: 0, messages: hospital, startIfNone: 0 },
          { topic: COUNCIL, partition: 0, messages: council, startIfNone: 0 },
        ].filter((part) => part.messages.length > 0);
        const cpu = process.cpuUsage();
        const started = performance.now();
        await writer.applyWindow(parts);
        seconds += (performance.now() - started) / 1000;
        const used = process.cpuUsage(cpu);
        cpuMicros += used.user + used.system;
        written += hospital.length + council.length;
      }
    }
    process.stdout.write(
      `${JSON.stringify({
        events: written,
        window: windowSize,
        eventsPerSecond: Math.round(written / seconds),
        wallMicrosPerEvent: round((seconds * 1e6) / written),
        cpuMicrosPerEvent: round(cpuMicros / written),
      })}\n`,
    );
  } finally {
    await deleteRedisKeys(redis, keys.namespace).catch(() => undefined);
    redis.disconnect();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
