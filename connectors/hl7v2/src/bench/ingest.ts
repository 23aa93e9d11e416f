/**
 * Benchmark (not a test): MLLP ingest with durable ACK next to its physical limit, in the same run.
 *
 *   node connectors/hl7v2/dist/bench/ingest.js [--messages 10000] [--concurrency 20] [--rounds 5] [--people N] [--plaintext]
 *   (npm run bench:ingest -w @homefirst/connector-hl7v2)
 *
 * - bare kafkajs: a producer with the connector's settings (runtime createProducer: idempotent, acks=all)
 *   sends, for each message, the very records the connector writes for it (raw + hospital events,
 *   Avro-encoded beforehand), from `concurrency` senders each waiting for its acknowledgement: the limit
 *   the broker and kafkajs set.
 * - MLLP: the live connector, as its own process (`homefirst-hl7v2 serve`, as deployed), receives the same
 *   kind of messages over `concurrency` MLLP connections, each sender waiting for its ACK (AA only after
 *   Kafka acknowledged). Over mutual TLS as deployed (certificates made for the run), or plaintext with
 *   `--plaintext` to see what TLS costs.
 *
 * Messages are ITK-style A01s for `--people` distinct patients (default: a new patient per message, the
 * worst case for the identity index, which learns each MRN once).
 *
 * The machine is shared and noisy, so the two alternate in `rounds` rounds (after a warm-up of each) and
 * each side's figures cover all its rounds. Prints JSON {messages, concurrency, mllp:{msgsPerSec, p50Ms,
 * p99Ms}, bareKafkajs:{…}, ratio} on stdout. Uses the stack of HOMEFIRST_KAFKA_BROKERS / _REGISTRY_URL /
 * _REDIS_URL (default: the local stack) with a unique topic and Redis key prefix, deleted afterwards.
 */
import {
  createCodec,
  createProducer,
  eventMessage,
  MemoryIdentityIndex,
  type Logger,
  type PublishBatch,
} from '@homefirst/runtime';
import { createPersonKeyer, type EventsByTopic, type TopicName } from '@homefirst/schemas';
import { cpuSecondsOf, runBenchmark } from '@homefirst/testing';
import type { Message, TopicMessages } from 'kafkajs';
import { type loadHl7Config } from '../config';
import { Hl7Pipeline } from '../ingest/pipeline';
import { MllpClient } from '../mllp/client';
import { syntheticAdmission } from '../testing/synthetic';
import { BenchCorner } from './bench-corner';
import { drive, freePort, option, startConnectorProcess, Tally } from './mllp-tools';

/**
 * The records the connector writes for each message (raw + hospital events), mapped by its own pipeline and
 * Avro-encoded beforehand, for the bare producer.
 */
async function encodedRecordsOf(
  config: ReturnType<typeof loadHl7Config>,
  prefix: string,
  logger: Logger,
  texts: readonly string[],
): Promise<TopicMessages[][]> {
  const codec = createCodec(config, prefix);
  const batches: PublishBatch[] = [];
  const mapper = new Hl7Pipeline({
    mapping: { settings: config.mapping, personKey: createPersonKeyer(config.personKeySecret) },
    identity: new MemoryIdentityIndex(),
    dedupe: null,
    writer: { write: (batch) => (batches.push(batch), Promise.resolve()) },
    logger,
    transport: 'MLLP',
  });
  for (const text of texts) await mapper.handleMessage(text, Buffer.from(text));
  const encode = async <T extends TopicName>(
    topic: T,
    events: readonly EventsByTopic[T][],
  ): Promise<TopicMessages[]> => {
    if (events.length === 0) return [];
    const list: Message[] = await Promise.all(events.map((event) => eventMessage(codec, topic, event)));
    return [{ topic: `${prefix}${topic}`, messages: list }];
  };
  const records: TopicMessages[][] = [];
  for (const batch of batches) {
    records.push([
      ...(await encode('homefirst.raw.v1', batch.raw ? [batch.raw] : [])),
      ...(await encode('homefirst.hospital.events.v1', batch.hospital ?? [])),
    ]);
  }
  return records;
}

async function main(): Promise<void> {
  const messages = option('--messages', 10_000);
  const concurrency = option('--concurrency', 20);
  const rounds = option('--rounds', 5);
  const people = option('--people', Number.MAX_SAFE_INTEGER);
  const warmup = Math.min(500, messages);
  const plaintext = process.argv.includes('--plaintext');
  const corner = await BenchCorner.open(
    'bench',
    (pki) => (plaintext ? { HOMEFIRST_MLLP_TLS: 'false' } : pki.listenerEnv()),
    { HOMEFIRST_KAFKA_CLIENT_ID: 'hl7v2-bench' },
  );
  const { prefix, redisPrefix, pki, listenerEnv, config, logger, kafka } = corner;
  const tls = plaintext
    ? undefined
    : pki.clientTls(pki.client('rxn-pas', { commonName: 'RXN PAS', organisation: 'RXN' }));
  const producer = createProducer(kafka);
  const clients: MllpClient[] = [];
  try {
    // Distinct messages (person, MSH-10) for each side, so neither meets a duplicate.
    const perSide = warmup + messages;
    const texts = Array.from(
      { length: perSide * 2 },
      (_, n) => syntheticAdmission(n % people, `BENCH-${n}`).message,
    );

    const records = await encodedRecordsOf(config, prefix, logger, texts.slice(0, perSide));

    await producer.connect();
    const bareSend = (i: number): Promise<void> =>
      producer.sendBatch({ topicMessages: records[i] ?? [], acks: -1 }).then(() => undefined);

    const mllpPort = await freePort();
    corner.connector = await startConnectorProcess(
      {
        ...process.env,
        ...listenerEnv,
        HOMEFIRST_TOPIC_PREFIX: prefix,
        HOMEFIRST_REDIS_KEY_PREFIX: redisPrefix,
        HOMEFIRST_MLLP_HOST: '127.0.0.1',
        HOMEFIRST_MLLP_PORT: String(mllpPort),
        HOMEFIRST_HTTP_PORT: '0',
        HOMEFIRST_LOG_LEVEL: 'warn',
        HOMEFIRST_KAFKA_CLIENT_ID: 'hl7v2-bench-connector',
      },
      mllpPort,
      tls,
    );
    for (let c = 0; c < concurrency; c += 1)
      clients.push(await MllpClient.connect(mllpPort, '127.0.0.1', tls));
    let notAccepted = 0;
    const mllpSend = async (i: number, worker: number): Promise<void> => {
      const ack = await (clients[worker] as MllpClient).send(texts[perSide + i] ?? '');
      if (!ack.includes('\rMSA|AA|')) notAccepted += 1;
    };

    await drive(0, warmup, concurrency, bareSend);
    await drive(0, warmup, concurrency, mllpSend);
    const bare = new Tally();
    const mllp = new Tally();
    // The connector's CPU (all its threads) over its measured rounds: steadier than the rate on a shared machine.
    let connectorCpuSeconds = 0;
    // The bare producer's (this process's, with its kafkajs client) over its rounds.
    let bareCpuSeconds = 0;
    for (let round = 0; round < rounds; round += 1) {
      const from = warmup + Math.floor((messages * round) / rounds);
      const to = warmup + Math.floor((messages * (round + 1)) / rounds);
      const bareCpu = process.cpuUsage();
      await drive(from, to, concurrency, bareSend, bare);
      const bareUsed = process.cpuUsage(bareCpu);
      bareCpuSeconds += (bareUsed.user + bareUsed.system) / 1e6;
      const cpuBefore = cpuSecondsOf(corner.connector.pid);
      await drive(from, to, concurrency, mllpSend, mllp);
      connectorCpuSeconds += cpuSecondsOf(corner.connector.pid) - cpuBefore;
    }
    if (notAccepted > 0) throw new Error(`${notAccepted} messages were not answered AA`);

    const mllpStats = mllp.stats();
    const bareStats = bare.stats();
    process.stdout.write(
      `${JSON.stringify(
        {
          messages,
          concurrency,
          rounds,
          mllpTransport: plaintext ? 'plaintext' : 'mutual TLS',
          people: Math.min(people, (warmup + messages) * 2),
          recordsPerMessage: (records[0] ?? []).reduce((sum, t) => sum + t.messages.length, 0),
          mllp: {
            ...mllpStats,
            connectorCpuMicrosPerMessage: Math.round((connectorCpuSeconds * 1e6) / messages),
          },
          bareKafkajs: {
            ...bareStats,
            cpuMicrosPerMessage: Math.round((bareCpuSeconds * 1e6) / messages),
          },
          ratio: Math.round((mllpStats.msgsPerSec / bareStats.msgsPerSec) * 100) / 100,
          target: '>= 0.9 (design.md)',
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
    await Promise.all(clients.map((client) => client.close()));
    await corner.close();
  }
}

runBenchmark(main);
