import { createLogger } from '@homefirst/runtime';
import {
  httpLoad,
  latencyStats,
  runBenchmark,
  uniqueTopicPrefix,
  type LoadRequest,
} from '@homefirst/testing';
import { generatedAdmission, testNhsNumbers } from '../testing/corpus';

const FHIR_JSON = 'application/fhir+json';
import { startHarness, TOKENS } from '../testing/stack-harness';

/**
 * Benchmark (not a test): does one hostile sender slow everyone else? Well-formed Encounters are POSTed
 * (answered after Kafka acknowledged) first alone, then while one more connection sends the worst bodies
 * the edge admits up to its size limit — a 640 KiB reference, JSON nested 100,000 deep, 640 KiB of
 * invalid JSON, a 640 KiB string, an impossible date — over and over. Prints the well-formed p50/p99 both ways and
 * their ratio (design.md: the connector must stay usable; the issue asks that a hostile body slow its own
 * request, never the others).
 *
 *   npm run build && npm run bench:hostile -w @homefirst/connector-fhir [messages] [concurrency]
 */

/** Under the default body limit (runtime's DEFAULT_MAX_INPUT_BYTES, 768 KiB) with room for the rest. */
const BIG = 640 * 1024;

/** The worst inputs below the body limit, each refused by the edge with a 4xx. */
function hostileBodies(): Buffer[] {
  const encounter = generatedAdmission(0, '9991000019', '2025-04-01T08:00:00Z', 'identifier');
  const withReference = { ...encounter, subject: { reference: `Patient/${'a'.repeat(BIG)}` } };
  const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
  const leapDay = { ...encounter, period: { start: '2025-02-29T10:00:00Z' } };
  return [
    Buffer.from(JSON.stringify(withReference)),
    Buffer.from(deep),
    Buffer.from(`{"resourceType":"Encounter","id":"${'x'.repeat(BIG)}`), // never closed
    Buffer.from(JSON.stringify({ ...encounter, text: { div: 'y'.repeat(BIG) } })),
    Buffer.from(JSON.stringify(leapDay)),
  ];
}

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 1_000);
  const concurrency = Number(process.argv[3] ?? 4);
  const logger = createLogger({ name: 'fhir-hostile-bench', level: 'silent' });
  const harness = await startHarness({ logger, prefix: uniqueTopicPrefix('bench-hostile') });
  try {
    const numbers = testNhsNumbers(3 * messages, 999_200_000);
    const start = Date.parse('2025-04-01T08:00:00Z');
    const bodies = numbers.map((nhs, i) =>
      Buffer.from(
        JSON.stringify(generatedAdmission(i, nhs, new Date(start + i * 1000).toISOString(), 'identifier')),
      ),
    );
    const url = `${harness.baseUrl}/Encounter`;
    const wellFormed = (from: number): LoadRequest => ({
      url,
      token: TOKENS.RXN,
      bodies: bodies.slice(from, from + messages),
      concurrency,
      contentType: FHIR_JSON,
    });
    await httpLoad({ ...wellFormed(0), bodies: bodies.slice(0, 100) }); // warm-up
    const alone = await httpLoad(wellFormed(messages));
    // The hostile sender runs until the well-formed run is over (a generous upper bound of its length).
    const attack = httpLoad({
      url,
      token: TOKENS.RXN,
      bodies: hostileBodies(),
      concurrency: 1,
      contentType: FHIR_JSON,
      expect: 'any',
      loopForMs: Math.max(10_000, alone.seconds * 3_000),
    });
    const underAttack = await httpLoad(wellFormed(2 * messages));
    const hostile = await attack;
    const failures = [...alone.failures, ...underAttack.failures];
    if (failures.length > 0)
      throw new Error(`${failures.length} well-formed requests failed: ${failures[0]}`);
    const aloneStats = latencyStats(alone.latencies, alone.seconds);
    const attackedStats = latencyStats(underAttack.latencies, underAttack.seconds);
    const hostileStats = latencyStats(hostile.latencies.filter(Number.isFinite), hostile.seconds);
    process.stdout.write(
      `${JSON.stringify(
        {
          messages,
          concurrency,
          wellFormedAlone: aloneStats,
          wellFormedUnderAttack: attackedStats,
          hostileRequests: {
            count: hostile.latencies.length,
            p50Ms: hostileStats.p50Ms,
            p99Ms: hostileStats.p99Ms,
          },
          p99Ratio: Math.round((attackedStats.p99Ms / aloneStats.p99Ms) * 100) / 100,
          hostileBodies:
            '640 KiB reference, 100,000-deep JSON, 640 KiB unclosed JSON, 640 KiB narrative, impossible date',
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await harness.close(); // deletes the connector's Redis keys of this run too
  }
}

runBenchmark(main);
