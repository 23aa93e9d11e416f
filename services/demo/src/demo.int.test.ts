import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createKafka, createLogger, createRedis, connectRedis, loadConfig } from '@homefirst/runtime';
import {
  ThrowawayPki,
  createCatalogueTopics,
  deleteCatalogueTopics,
  deleteRedisKeys,
  portOpen,
  recordsWritten,
  reservePort,
  uniqueName,
  waitFor,
} from '@homefirst/testing';
import { DEVELOPMENT_COUNCIL_TOKEN, DEVELOPMENT_FHIR_TOKEN } from './cli/environment';
import { planFeed, type Channel } from './feed/plan';
import { DAY_MS } from './model/london-time';
import { resolveParameters } from './model/parameters';
import { simulate } from './model/simulate';
import { renderDelivery } from './render/wire';
import { CouncilEdge, FhirEdge, MllpEdge } from './send/edges';
import { replay } from './send/scheduler';

// The demo city flat out through the three real connectors (built from the current sources and started
// as their own processes, as deployed), on the shared stack with its own topic prefix, Redis prefix and
// consumer groups. Every clean message must be accepted (AA / 2xx), every malformed one refused, and
// each accepted council record must be one council event on Kafka. HL7 goes over mutual TLS, as the demo
// trust (RHF) with a certificate made for this file.

const ROOT = resolve(__dirname, '..', '..', '..');
const CONNECTORS = ['hl7v2', 'fhir', 'council'] as const;

/** Resolves once something accepts connections on the port; fails fast if the process exits first. */
async function listening(port: number, child: ChildProcess, name: string, log: () => string): Promise<void> {
  await waitFor(`${name} to listen on ${port}`, async () => ((await portOpen(port)) ? true : undefined), {
    timeoutMs: 60_000,
    intervalMs: 250,
    failFast: () => (child.exitCode === null ? undefined : `${name} exited with ${child.exitCode}`),
  }).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}:\n${log()}`, { cause: err });
  });
}

// One build, three connectors and one prefix for the file.
const config = loadConfig(process.env);
const logger = createLogger({ name: 'demo-int', level: 'silent' });
const kafka = createKafka(config, logger);
const prefix = `${uniqueName('t-demo')}.`;
const redisPrefix = `${uniqueName('t-demo')}:`;
const ports = { mllp: 0, fhir: 0, council: 0 };
const children: ChildProcess[] = [];
const pki = new ThrowawayPki('demo-int');
const demoTrust = pki.clientTls(pki.client('trust-RHF', { commonName: 'RHF demo PAS', organisation: 'RHF' }));

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-b',
      ...CONNECTORS.map((name) => join(ROOT, 'connectors', name)),
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  await createCatalogueTopics(kafka, prefix, { partitions: 2 });
  ports.mllp = await reservePort();
  ports.fhir = await reservePort();
  ports.council = await reservePort();
  const env = {
    ...process.env,
    HOMEFIRST_TOPIC_PREFIX: prefix,
    HOMEFIRST_REDIS_KEY_PREFIX: redisPrefix,
    HOMEFIRST_FHIR_REDIS_PREFIX: redisPrefix,
    HOMEFIRST_LOG_LEVEL: 'warn',
    HOMEFIRST_HTTP_PORT: '0',
    ...pki.listenerEnv(),
    HOMEFIRST_MLLP_HOST: '127.0.0.1',
    HOMEFIRST_MLLP_PORT: String(ports.mllp),
    HOMEFIRST_FHIR_HOST: '127.0.0.1',
    HOMEFIRST_FHIR_PORT: String(ports.fhir),
    HOMEFIRST_FHIR_TOKENS: `RHF:${DEVELOPMENT_FHIR_TOKEN}`,
    HOMEFIRST_COUNCIL_HOST: '127.0.0.1',
    HOMEFIRST_COUNCIL_PORT: String(ports.council),
    HOMEFIRST_COUNCIL_TOKENS: `E08000012:${DEVELOPMENT_COUNCIL_TOKEN}`,
  };
  const started = CONNECTORS.map((name) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'connectors', name, 'bin', `homefirst-${name}.js`), 'serve'],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = `${stderr}${chunk.toString('utf8')}`.slice(-4000)));
    children.push(child);
    return { name, child, log: () => stderr };
  });
  const portOf = { hl7v2: ports.mllp, fhir: ports.fhir, council: ports.council };
  await Promise.all(started.map(({ name, child, log }) => listening(portOf[name], child, name, log)));
}, 240_000);

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    child.kill('SIGTERM');
    const exited = once(child, 'exit');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await deleteCatalogueTopics(kafka, prefix);
  const redis = createRedis(config);
  await connectRedis(redis);
  await deleteRedisKeys(redis, redisPrefix);
  redis.disconnect();
  pki.remove();
}, 60_000);

describe('the demo city through the real connectors', () => {
  it('given a day of the city at --rate, then clean messages get AA / 2xx, malformed ones are refused, and council records become events', async () => {
    // A short city (five days of warm-up, one day sent), dated in the past (the edges refuse future
    // times), with more dirt than usual so a short run has some of each kind.
    const parameters = resolveParameters({
      simulation: { warmupDays: 5 },
      feed: { duplicateShare: 0.02, lateShare: 0.03, malformedShare: 0.01 },
    });
    const simulation = simulate({ start: new Date(Date.now() - 2 * DAY_MS), days: 1, seed: 8, parameters });
    const plan = planFeed(simulation);
    const count = (
      channel: Channel,
      test: (dirt: string | null, malformation: string | null) => boolean,
    ): number => plan.deliveries.filter((d) => d.channel === channel && test(d.dirt, d.malformation)).length;
    expect(plan.deliveries.length).toBeGreaterThan(2000);
    expect(plan.counts.malformed).toBeGreaterThan(5);

    const stats = await replay({
      deliveries: plan.deliveries,
      pace: { kind: 'rate', perSecond: 500 },
      render: (delivery) => renderDelivery(delivery, parameters),
      edgeFor: (channel) =>
        channel === 'HL7V2'
          ? new MllpEdge('127.0.0.1', ports.mllp, undefined, demoTrust)
          : channel === 'FHIR'
            ? new FhirEdge(`http://127.0.0.1:${ports.fhir}`, DEVELOPMENT_FHIR_TOKEN)
            : new CouncilEdge(`http://127.0.0.1:${ports.council}`, DEVELOPMENT_COUNCIL_TOKEN),
      lanesPerChannel: 4,
      logger,
    });

    const { HL7V2: hl7, FHIR: fhir, COUNCIL: council } = stats.byChannel;
    expect(stats.unsent).toBe(0);
    expect(hl7.failed + fhir.failed + council.failed).toBe(0);

    // HL7 v2: a wrong check digit is always AE; a message cut inside PID may still be a (useless) valid one.
    expect(hl7.sent).toBe(plan.counts.byChannel.HL7V2);
    expect(hl7.rejected).toBeGreaterThanOrEqual(count('HL7V2', (_, m) => m === 'BAD_NHS_NUMBER'));
    expect(hl7.rejected).toBeLessThanOrEqual(count('HL7V2', (dirt) => dirt === 'malformed'));
    expect(hl7.codes.AA).toBe(hl7.sent - hl7.rejected);

    // FHIR: every malformed Bundle is refused (4xx), everything else 2xx (a resent Bundle too).
    expect(fhir.rejected).toBe(count('FHIR', (dirt) => dirt === 'malformed'));
    expect(fhir.accepted).toBe(fhir.sent - fhir.rejected);

    // Council: malformed records refused, resent ones reported as duplicates, the rest accepted.
    expect(council.rejected).toBe(count('COUNCIL', (dirt) => dirt === 'malformed'));
    expect(council.duplicate).toBe(count('COUNCIL', (dirt) => dirt === 'duplicate'));
    expect(council.accepted).toBe(council.sent - council.rejected - council.duplicate);

    // Kafka: one council event per accepted record; hospital events from both trust edges.
    // Every accepted message was acknowledged after Kafka wrote it, so the records are all there now: on
    // these topics (never compacted, no transactions) a topic's high watermarks add up to its records.
    const councilTopic = `${prefix}homefirst.council.events.v1`;
    const hospitalTopic = `${prefix}homefirst.hospital.events.v1`;
    expect(await recordsWritten(kafka, [councilTopic])).toBe(council.accepted);
    expect(await recordsWritten(kafka, [hospitalTopic])).toBeGreaterThan(hl7.accepted / 2);
  }, 180_000);
});
