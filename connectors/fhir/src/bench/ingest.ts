import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createLogger, loadConfig } from '@homefirst/runtime';
import {
  eventIdFor,
  topicSpecOf,
  type HospitalEvent,
  type RawEvent,
  type TopicName,
} from '@homefirst/schemas';
import {
  createCatalogueTopics,
  deleteCatalogueTopics,
  httpLoad,
  latencyStats,
  runBenchmark,
  uniqueTopicPrefix,
  type LatencyStats,
} from '@homefirst/testing';
import { Partitioners, type Message, type TopicMessages } from 'kafkajs';
import { parseSubmission } from '../fhir/parse';
import { mapOffline } from '../mapping/map-submission';
import { generatedAdmission, PARSE_OPTIONS, personKey, testNhsNumbers } from '../testing/corpus';
import { startHarness, TOKENS } from '../testing/stack-harness';

/**
 * Benchmark (not a test): FHIR ingest of N Encounters over HTTP with durable acknowledgement, next to a bare
 * kafkajs producer (idempotent, acks=all) sending the same records (raw copy + event, encoded alike) with
 * the same concurrency to the same broker in the same run. Prints one JSON document; design.md asks for
 * a ratio of at least 0.3. The HTTP senders run in a worker thread, as the trusts' engines are other
 * machines; the bare producer sends records encoded beforehand (its encoding is not timed, the
 * connector's mapping and encoding are).
 *
 *   npm run build && node connectors/fhir/dist/bench/ingest.js [messages] [concurrency]
 *
 * Uses the addresses in HOMEFIRST_* (default: the local stack), its own topic prefix and Redis key prefix,
 * and deletes both afterwards.
 */

interface Stats extends LatencyStats {
  readonly seconds: number;
}

/** The latency stats (see @homefirst/testing) and the busy time, to 0.01 s. */
const statsOf = (latencies: readonly number[], seconds: number): Stats => ({
  ...latencyStats(latencies, seconds),
  seconds: Math.round(seconds * 100) / 100,
});

async function measure(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<void>,
): Promise<Stats> {
  const latencies: number[] = new Array<number>(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await one(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  return statsOf(latencies, (performance.now() - started) / 1000);
}

type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The same records the connector writes per message: its raw copy and its events, encoded alike. */
async function encodedRecordsOf(
  codec: Harness['codec'],
  barePrefix: string,
  bodies: readonly Buffer[],
): Promise<TopicMessages[][]> {
  const now = new Date();
  const encode = async <T extends TopicName>(
    topic: T,
    event: Parameters<typeof codec.encode<T>>[1],
    key: string,
  ): Promise<TopicMessages> => ({
    topic: `${barePrefix}${topic}`,
    messages: [
      {
        key,
        value: await codec.encode(topic, event),
        headers: { eventId: (event as { eventId: string }).eventId },
      } satisfies Message,
    ],
  });
  const records: TopicMessages[][] = [];
  for (const body of bodies) {
    const submission = parseSubmission(body, { kind: 'create' }, PARSE_OPTIONS);
    const mapping = mapOffline(submission, {
      orgCode: 'RXN',
      personKey,
      recordedAt: now,
      receivedAt: now,
      correlationId: randomUUID(),
    });
    const source = {
      channel: 'FHIR' as const,
      system: submission.system,
      orgCode: 'RXN',
      messageId: submission.messageId,
    };
    const raw: RawEvent = {
      eventId: eventIdFor(source, 'RawMessageReceived'),
      type: 'RawMessageReceived',
      occurredAt: now,
      recordedAt: now,
      source,
      personKey: null,
      correlationId: randomUUID(),
      payload: { transport: 'HTTP', contentType: 'application/fhir+json', body },
    };
    records.push([
      await encode('homefirst.raw.v1', raw, 'RXN'),
      ...(await Promise.all(
        mapping.events.map((event: HospitalEvent) =>
          encode('homefirst.hospital.events.v1', event, event.personKey),
        ),
      )),
    ]);
  }
  return records;
}

/** Bare kafkajs: idempotent producer, acks=all, one sendBatch per message, same concurrency. */
async function measureBareKafkajs(
  harness: Harness,
  records: readonly TopicMessages[][],
  run: { readonly messages: number; readonly warmup: number; readonly concurrency: number },
): Promise<Stats> {
  const bare = harness.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await bare.connect();
  const sendBare = async (i: number) => {
    await bare.sendBatch({ topicMessages: records[i] ?? [], acks: -1 });
  };
  await measure(run.warmup, run.concurrency, (i) => sendBare(run.messages + i));
  const stats = await measure(run.messages, run.concurrency, sendBare);
  await bare.disconnect();
  return stats;
}

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? process.env.BENCH_MESSAGES ?? 10_000);
  const concurrency = Number(process.argv[3] ?? process.env.BENCH_CONCURRENCY ?? 32);
  const warmup = Math.min(200, Math.floor(messages / 10));
  const logger = createLogger({ name: 'fhir-bench', level: 'silent' });
  const harness = await startHarness({ logger, prefix: uniqueTopicPrefix('bench-fhir') });
  const barePrefix = uniqueTopicPrefix('bench-bare');
  const config = loadConfig(process.env);
  try {
    await createCatalogueTopics(harness.kafka, barePrefix);
    const nhsNumbers = testNhsNumbers(messages + warmup, 999_100_000);
    const start = Date.parse('2025-04-01T08:00:00Z');
    const bodies = nhsNumbers.map((nhs, i) =>
      Buffer.from(
        JSON.stringify(generatedAdmission(i, nhs, new Date(start + i * 1000).toISOString(), 'identifier')),
      ),
    );

    const records = await encodedRecordsOf(harness.codec, barePrefix, bodies);
    if (topicSpecOf('homefirst.raw.v1').key.field !== 'source.orgCode')
      throw new Error('raw topic key changed');
    const bareStats = await measureBareKafkajs(harness, records, { messages, warmup, concurrency });

    // FHIR ingest over HTTP: POST [base]/Encounter, answered after Kafka acknowledged; senders in a worker.
    const url = `${harness.baseUrl}/Encounter`;
    const contentType = 'application/fhir+json';
    const warm = await httpLoad({
      url,
      token: TOKENS.RXN,
      bodies: bodies.slice(messages),
      concurrency,
      contentType,
    });
    const cpu = process.cpuUsage();
    const run = await httpLoad({
      url,
      token: TOKENS.RXN,
      bodies: bodies.slice(0, messages),
      concurrency,
      contentType,
    });
    const used = process.cpuUsage(cpu);
    // The connector's and its senders' CPU (one process): steadier than the rate on a shared machine.
    const cpuMicrosPerMessage = Math.round((used.user + used.system) / messages);
    const failures = [...warm.failures, ...run.failures];
    if (failures.length > 0)
      throw new Error(`${failures.length} requests failed, e.g. ${failures.slice(0, 3).join('; ')}`);
    const fhirStats = statsOf(run.latencies, run.seconds);

    process.stdout.write(
      `${JSON.stringify(
        {
          messages,
          concurrency,
          fhir: { ...fhirStats, cpuMicrosPerMessage },
          bareKafkajs: bareStats,
          ratio: Math.round((fhirStats.msgsPerSec / bareStats.msgsPerSec) * 100) / 100,
          target: 0.6,
          records: 'per message: raw copy + PatientAdmitted, Avro with registry framing, acks=all',
          broker: config.kafka.brokers.join(','),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await deleteCatalogueTopics(harness.kafka, barePrefix);
    await harness.close(); // deletes the connector's Redis keys of this run too
  }
}

runBenchmark(main);
