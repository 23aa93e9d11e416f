import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCodec, createKafka, createLogger, loadConfig, type HubConfig } from '@homefirst/runtime';
import { hospitalSamples, hospitalTopic, topicName, type HospitalEvent } from '@homefirst/schemas';
import {
  consumerRate,
  createCatalogueTopics,
  decodingConsumerRate,
  deleteCatalogueTopics,
  numberArgument,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import type { Kafka } from 'kafkajs';
import { fillTopics } from './fill';

/**
 * Benchmark (not a test): `homefirst export events --format parquet` of one topic of N events (default
 * 200,000; --events N) against a bare kafkajs consumer reading the same topic, both timed from their first
 * record to their last (connecting and joining a group excluded for both). The export runs as the real
 * command in its own process, so its peak RSS (GNU time's maximum resident set) is its own; it runs a
 * second time with the JavaScript heap capped at 96 MB, which it can only finish if its memory does not
 * grow with the topic (V8 grows an uncapped heap lazily, so uncapped RSS alone proves little).
 * Usage: npm run bench:export -w @homefirst/cli [-- --events 200000] [--keep]
 * Prints one JSON object. Uses the local stack (HOMEFIRST_* variables) with its own topics; --keep leaves
 * them (their prefix is in the output as topicPrefix) for profiling the command against the same topic.
 */

const argument = (name: string, fallback: number): number => numberArgument(name, fallback, Number.MIN_VALUE);

/** The heap cap of the second run: far below what 200,000 decoded events would need held at once. */
const HEAP_CAP_MB = 96;

const samples = Object.values(hospitalSamples) as HospitalEvent[];

/** N hospital events cycling through every type, each with its own event id, 20,000 people. */
function* benchEvents(count: number): Generator<HospitalEvent> {
  for (let i = 0; i < count; i += 1) {
    const sample = samples[i % samples.length] as HospitalEvent;
    yield {
      ...sample,
      eventId: `bench-${i}`,
      personKey: `person-${String(i % 20_000).padStart(15, '0')}`,
      occurredAt: new Date(Date.parse('2025-01-01T00:00:00Z') + i * 1_000),
    };
  }
}

const bareConsumer = (config: HubConfig, kafka: Kafka, count: number): Promise<number> =>
  consumerRate(kafka, [topicName(hospitalTopic.name, config.topicPrefix)], count);

interface ExportRun {
  readonly eventsPerSecond: number;
  readonly rows: number;
  readonly peakRssMb: number;
  readonly fileMb: number;
}

/** The real command, in its own process under GNU time for its peak RSS. */
function exportParquet(config: HubConfig, dir: string, nodeOptions: readonly string[] = []): ExportRun {
  const out = join(dir, `bench-${nodeOptions.length}.parquet`);
  const bin = resolve(__dirname, '../../bin/homefirst.js');
  const result = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'maxrss-kb %M',
      process.execPath,
      ...nodeOptions,
      bin,
      'export',
      'events',
      '--topic',
      'hospital',
      '--format',
      'parquet',
      '--out',
      out,
      '--json',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, HOMEFIRST_TOPIC_PREFIX: config.topicPrefix },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`export failed: ${result.stderr.split('\n').slice(-3).join(' ')}`);
  const summary = JSON.parse(result.stdout) as { eventsPerSecond: number; rows: number };
  const rss = /maxrss-kb (\d+)/.exec(result.stderr);
  return {
    eventsPerSecond: summary.eventsPerSecond,
    rows: summary.rows,
    peakRssMb: Math.round(Number(rss?.[1] ?? Number.NaN) / 1024),
    fileMb: Math.round(statSync(out).size / 104_857.6) / 10,
  };
}

async function main(): Promise<void> {
  const events = argument('events', 200_000);
  const config = loadConfig({ ...process.env, HOMEFIRST_TOPIC_PREFIX: uniqueTopicPrefix('bench-export') });
  const kafka = createKafka(config, createLogger({ name: 'bench-export', level: 'error' }, process.stderr));
  const codec = createCodec(config);
  const keep = process.argv.includes('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'homefirst-bench-export-'));
  await createCatalogueTopics(kafka, config.topicPrefix);
  try {
    const filled = performance.now();
    await fillTopics(kafka, codec, config.topicPrefix, benchEvents(events), 5_000);
    const fillSeconds = (performance.now() - filled) / 1000;
    const bare = await bareConsumer(config, kafka, events);
    const topic = topicName(hospitalTopic.name, config.topicPrefix);
    const decoding = await decodingConsumerRate(kafka, codec, [topic], events);
    const exported = exportParquet(config, dir);
    // Bounded memory: the same export with the JavaScript heap capped far below the topic's size.
    const capped = exportParquet(config, dir, [`--max-old-space-size=${HEAP_CAP_MB}`]);
    console.log(
      JSON.stringify(
        {
          benchmark: 'export --format parquet',
          events,
          partitions: hospitalTopic.partitions,
          fillSeconds: Math.round(fillSeconds * 10) / 10,
          bareConsumerEventsPerSecond: Math.round(bare),
          exportEventsPerSecond: exported.eventsPerSecond,
          ratio: Math.round((exported.eventsPerSecond / bare) * 1000) / 1000,
          target: '≥ 0.5 (design.md)',
          // What decoding alone leaves of the bare rate: no export that decodes the events can beat it.
          decodingConsumerEventsPerSecond: Math.round(decoding),
          decodingConsumerRatio: Math.round((decoding / bare) * 1000) / 1000,
          exportPeakRssMb: exported.peakRssMb,
          heapCappedRun: {
            maxOldSpaceMb: HEAP_CAP_MB,
            completed: capped.rows === events,
            eventsPerSecond: capped.eventsPerSecond,
            peakRssMb: capped.peakRssMb,
          },
          rows: exported.rows,
          parquetMb: exported.fileMb,
          ...(keep && { topicPrefix: config.topicPrefix }),
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!keep) await deleteCatalogueTopics(kafka, config.topicPrefix);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
