/**
 * Benchmark (not a test): does one hostile MLLP sender slow the others? The live connector (its own
 * process, mutual TLS as deployed) takes well-formed A01s from `concurrency` connections, in rounds alone
 * and in rounds while one more connection sends the worst frames under the frame limit over and over — a
 * megabyte of line feeds and one letter, a field of a megabyte of component separators, 60,000 segments,
 * a 900 KB identifier. Prints the well-formed p50/p99 both ways and their ratio.
 *
 *   npm run bench:hostile -w @homefirst/connector-hl7v2 [--messages 2000] [--concurrency 4] [--rounds 4]
 */
import { runBenchmark } from '@homefirst/testing';
import { MllpClient } from '../mllp/client';
import { syntheticAdmission } from '../testing/synthetic';
import { BenchCorner } from './bench-corner';
import { drive, freePort, option, startConnectorProcess, Tally } from './mllp-tools';

const HEADER = 'MSH|^~\\&|PAS|RXN|HUB|HF|20250106092500||ADT^A01|HOSTILE|P|2.4';
const NEAR_LIMIT = 900_000;

/** Frames under the 1 MiB default limit that are as costly as we know how to make them. */
const hostileFrames = (): string[] => [
  `${HEADER}\r${'\n'.repeat(NEAR_LIMIT)}x`,
  `${HEADER}\rPID|1||${'^'.repeat(NEAR_LIMIT)}`,
  `${HEADER}\r${'ZZZ|1\r'.repeat(60_000)}`,
  `${HEADER}\rPID|1||${'9'.repeat(NEAR_LIMIT)}^^^NHS^NH\rPV1|1|I`,
];

async function main(): Promise<void> {
  const messages = option('--messages', 2_000);
  const concurrency = option('--concurrency', 4);
  const rounds = option('--rounds', 4);
  const corner = await BenchCorner.open('hostile', (pki) => pki.listenerEnv());
  const { prefix, redisPrefix, pki } = corner;
  const tls = pki.clientTls(pki.client('rxn-pas', { commonName: 'RXN PAS', organisation: 'RXN' }));
  const clients: MllpClient[] = [];
  try {
    const warmup = Math.min(200, messages);
    const texts = Array.from(
      { length: warmup + 2 * messages },
      (_, n) => syntheticAdmission(n, `HOSTILE-${n}`).message,
    );
    const port = await freePort();
    corner.connector = await startConnectorProcess(
      {
        ...process.env,
        ...pki.listenerEnv(),
        HOMEFIRST_TOPIC_PREFIX: prefix,
        HOMEFIRST_REDIS_KEY_PREFIX: redisPrefix,
        HOMEFIRST_MLLP_HOST: '127.0.0.1',
        HOMEFIRST_MLLP_PORT: String(port),
        HOMEFIRST_HTTP_PORT: '0',
        HOMEFIRST_LOG_LEVEL: 'error',
      },
      port,
      tls,
    );
    for (let c = 0; c < concurrency; c += 1) clients.push(await MllpClient.connect(port, '127.0.0.1', tls));
    let notAccepted = 0;
    const send = async (i: number, worker: number): Promise<void> => {
      const ack = await (clients[worker] as MllpClient).send(texts[i] ?? '');
      if (!ack.includes('\rMSA|AA|')) notAccepted += 1;
    };
    await drive(0, warmup, concurrency, send);

    const attacker = await MllpClient.connect(port, '127.0.0.1', tls);
    clients.push(attacker);
    const frames = hostileFrames();
    const hostile = new Tally();
    const alone = new Tally();
    const attacked = new Tally();
    const perRound = Math.floor(messages / rounds);
    for (let round = 0; round < rounds; round += 1) {
      const a = warmup + round * perRound;
      await drive(a, a + perRound, concurrency, send, alone);
      let attacking = true;
      const attack = (async () => {
        for (let n = 0; attacking; n += 1) {
          const t0 = performance.now();
          await attacker.send(frames[n % frames.length] ?? '');
          hostile.latencies.push(performance.now() - t0);
        }
      })();
      const b = warmup + messages + round * perRound;
      await drive(b, b + perRound, concurrency, send, attacked);
      attacking = false;
      await attack;
    }
    if (notAccepted > 0) throw new Error(`${notAccepted} well-formed messages were not answered AA`);
    const aloneStats = alone.stats();
    const attackedStats = attacked.stats();
    const sorted = [...hostile.latencies].sort((x, y) => x - y);
    process.stdout.write(
      `${JSON.stringify(
        {
          messages: perRound * rounds,
          concurrency,
          rounds,
          wellFormedAlone: aloneStats,
          wellFormedUnderAttack: attackedStats,
          hostileFrames: {
            count: sorted.length,
            p50Ms: Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100) / 100,
          },
          p99Ratio: Math.round((attackedStats.p99Ms / aloneStats.p99Ms) * 100) / 100,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await corner.close();
  }
}

runBenchmark(main);
