import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectRedis,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  describeError,
  sendBatchDurably,
} from '@homefirst/runtime';
import { councilTopic } from '@homefirst/schemas';
import {
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  uniqueTopicPrefix,
} from '@homefirst/testing';
import { loadCouncilConfig } from '../config';
import { ingestCsvFile } from '../csv/file-ingest';
import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../mapping-files/load';
import { writeSyntheticCsv } from '../testing/generate';
import { startCouncilRuntime } from '../wiring';

/**
 * Benchmark (not a test): CSV ingest of N rows (default 1,000,000) against the stack in HOMEFIRST_* env,
 * next to its physical limit measured in the same run — a bare kafkajs producer (idempotent, acks=all)
 * writing N records of the same size, in batches of the same size with the same number in flight, to
 * the same topic. Each side runs in its own child process, which samples its own RSS every 50 ms.
 * Prints one JSON document. Topics (unique prefix) and Redis keys are deleted afterwards.
 *
 *   node connectors/council/dist/bench/csv-ingest.js [--rows 1000000]
 */
interface PhaseResult {
  readonly seconds: number;
  readonly records: number;
  readonly peakRssMb: number;
  readonly rssAtEndMb: number;
  readonly detail?: unknown;
}

type PhaseMessage = {
  readonly phase: 'ingest' | 'bare';
  readonly file: string;
  readonly prefix: string;
  readonly rows: number;
};

const BATCH = 500;
const IN_FLIGHT = 4;
const env = (prefix: string): Record<string, string | undefined> => ({
  ...process.env,
  HOMEFIRST_TOPIC_PREFIX: prefix,
  HOMEFIRST_REDIS_KEY_PREFIX: prefix,
  HOMEFIRST_LOG_LEVEL: 'warn',
});

function sampleRss(): { stop(): { peakRssMb: number; rssAtEndMb: number } } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      const end = process.memoryUsage().rss;
      return { peakRssMb: Math.round(Math.max(peak, end) / 1048576), rssAtEndMb: Math.round(end / 1048576) };
    },
  };
}

/** Our ingest, exactly as `homefirst-council ingest` runs it. */
async function ingestPhase(message: PhaseMessage): Promise<PhaseResult> {
  const config = loadCouncilConfig(env(message.prefix), { requireTokens: false });
  const logger = createLogger({ name: 'bench-ingest', level: 'warn' }, process.stderr);
  const runtime = await startCouncilRuntime(config, logger);
  const mapping = loadMapping('homefirst', [BUILT_IN_MAPPINGS_DIR]);
  try {
    const rss = sampleRss();
    const started = performance.now();
    const summary = await ingestCsvFile({
      file: message.file,
      mappingFor: () => mapping,
      ingest: runtime.fileIngest,
      target: runtime.target,
      logger,
      batchSize: BATCH,
      maxInFlight: IN_FLIGHT,
    });
    const seconds = (performance.now() - started) / 1000;
    return { seconds, records: summary.accepted, ...rss.stop(), detail: summary };
  } finally {
    await runtime.close();
  }
}

/** The limit: the same number of records of the same size, sent by a bare producer the same way. */
async function barePhase(message: PhaseMessage): Promise<PhaseResult> {
  const config = loadCouncilConfig(env(message.prefix), { requireTokens: false });
  const logger = createLogger({ name: 'bench-bare', level: 'warn' }, process.stderr);
  const producer = createProducer(createKafka(config.hub, logger));
  await producer.connect();
  try {
    const topic = `${message.prefix}${councilTopic.name}`;
    // An Avro council event of the synthetic file is ~230 bytes; its key (personKey) is 22 characters.
    const value = randomBytes(230);
    const rss = sampleRss();
    const started = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    for (let sent = 0; sent < message.rows; sent += BATCH) {
      const messages = Array.from({ length: Math.min(BATCH, message.rows - sent) }, (_, i) => ({
        key: `person-${String((sent + i) % 250_000).padStart(15, '0')}`,
        value,
        headers: { eventId: `event-${sent + i}`, type: 'PackageRequested', correlationId: 'bench' },
      }));
      const send = sendBatchDurably(producer, { topicMessages: [{ topic, messages }] }).finally(() =>
        inFlight.delete(send),
      );
      inFlight.add(send);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, records: message.rows, ...rss.stop() };
  } finally {
    await producer.disconnect();
  }
}

function runPhase(message: PhaseMessage): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (result) => resolve(result as PhaseResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${message.phase} phase exited with ${code}`));
    });
    child.send(message);
  });
}

async function main(): Promise<void> {
  const rowsArg = process.argv.indexOf('--rows');
  const rows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('--rows must be a positive integer');
  const prefix = uniqueTopicPrefix('bench-council');
  const config = loadCouncilConfig(env(prefix), { requireTokens: false });
  const logger = createLogger({ name: 'bench', level: 'warn' }, process.stderr);
  const kafka = createKafka(config.hub, logger);
  const dir = await mkdtemp(join(tmpdir(), 'council-bench-'));
  const file = join(dir, 'bench.csv');
  try {
    await createCatalogueTopics(kafka, prefix);
    process.stderr.write(`writing ${rows} rows…\n`);
    await writeSyntheticCsv(file, rows, { tag: 'BENCH' });
    const { size } = await stat(file);
    process.stderr.write('bare kafkajs producer…\n');
    const bare = await runPhase({ phase: 'bare', file, prefix, rows });
    process.stderr.write('council CSV ingest…\n');
    const ingest = await runPhase({ phase: 'ingest', file, prefix, rows });
    const rate = (result: PhaseResult): number => Math.round(result.records / result.seconds);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark:
            'council CSV ingest vs bare kafkajs producer (idempotent, acks=all), same broker, same run',
          rows,
          csvMb: Math.round(size / 1048576),
          batch: BATCH,
          inFlight: IN_FLIGHT,
          ingest: {
            seconds: Number(ingest.seconds.toFixed(1)),
            rowsPerSecond: rate(ingest),
            peakRssMb: ingest.peakRssMb,
            rssAtEndMb: ingest.rssAtEndMb,
            summary: ingest.detail,
          },
          bareProducer: {
            seconds: Number(bare.seconds.toFixed(1)),
            recordsPerSecond: rate(bare),
            peakRssMb: bare.peakRssMb,
            rssAtEndMb: bare.rssAtEndMb,
          },
          ratio: Number((rate(ingest) / rate(bare)).toFixed(2)),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await deleteCatalogueTopics(kafka, prefix);
    await rm(dir, { recursive: true, force: true });
    // Disconnected whatever happens: a client left reconnecting (Redis refused, say) kept the process alive
    // after it had printed why it failed.
    const redis = createRedis(config.hub);
    try {
      await connectRedis(redis);
      await deleteRedisKeys(redis, prefix);
    } finally {
      redis.disconnect();
    }
  }
}

if (process.argv.includes('--child')) {
  process.once('message', (message: PhaseMessage) => {
    (message.phase === 'ingest' ? ingestPhase(message) : barePhase(message))
      .then((result) => process.send?.(result, () => process.exit(0)))
      .catch((err: unknown) => {
        process.stderr.write(`${message.phase} phase failed: ${describeError(err)}\n`);
        process.exit(1);
      });
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${describeError(err)}\n`);
    process.exitCode = 1;
  });
}
