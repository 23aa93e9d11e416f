import { fullyReplicated, groupReached, inTopics, unmatched, untilAccepted } from './cluster-support';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCodec, createKafka, createLogger, loadConfig, withAdmin } from '@homefirst/runtime';
import { readModels, type CouncilEvent, type EventCodec, type HospitalEvent } from '@homefirst/schemas';
import {
  PrivateStack,
  ThrowawayPki,
  TopicReader,
  connectedRedis,
  createCatalogueTopics,
  endOffsets,
  repoRoot,
  splitPartitionKey,
  uniqueName,
  waitFor,
  type BinProcess,
} from '@homefirst/testing';
import type { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import type { Kafka } from 'kafkajs';
import { loadCouncilConfig } from '../../connectors/council/src/config';
import { buildRecordsApp, RECORDS_PATH } from '../../connectors/council/src/http/server';
import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../../connectors/council/src/mapping-files/load';
import { COUNCILS, TRUSTS } from '../../connectors/council/src/testing/corpus';
import { startCouncilRuntime, type CouncilRuntime } from '../../connectors/council/src/wiring';
import { variant } from '../../connectors/fhir/src/testing/corpus';
import { startHarness, type Harness } from '../../connectors/fhir/src/testing/stack-harness';
import { loadHl7Config } from '../../connectors/hl7v2/src/config';
import { startHl7Connector, type RunningConnector } from '../../connectors/hl7v2/src/connector';
import { MllpClient, type MllpClientTls } from '../../connectors/hl7v2/src/mllp/client';
import { syntheticAdmission } from '../../connectors/hl7v2/src/testing/synthetic';
import { ensureRouterTopics, routerTopics } from '../../services/feed-router/src/consumer/topics';
import { buildFeedRouter, startFeedRouter } from '../../services/feed-router/src/testing/process';
import { FeedReader, expectedFeeds, perPersonOrder } from '../../services/feed-router/src/testing/stack';
import { projectAll } from '../../services/projector/src/offline/project';
import { readSnapshot } from '../../services/projector/src/redis/read-models';
import { buildProjector, startProjector } from '../../services/projector/src/testing/process';

// A three-broker KRaft cluster (`homefirst stack up --brokers 3`: replication factor 3, min.insync.replicas
// 2) on ports of its own, losing brokers while HL7 v2 over MLLP, FHIR and council REST ingest run. One broker
// killed with SIGKILL (the leader of the hospital topic's first partition): every message a source was told
// was accepted is in its topic, and a message written twice (a resend after a timed-out write) carries the
// same event id both times; the repeats are counted and printed. Two brokers down: the sources are refused
// (AR, 503), never told "accepted", and nothing accepted before is lost. A projector and a feed router consume
// throughout: then the read models equal `homefirst project` of the topics, the feed a fresh routing of them.

const HOSPITAL = 'homefirst.hospital.events.v1';
const COUNCIL = 'homefirst.council.events.v1';
const PER_SOURCE = 90;
const PACE_MS = 60;

const stack = new PrivateStack({
  label: 'cluster',
  // One folder per checkout: a run that was killed left its cluster here, and the next run stops it first.
  hubDir: join(
    tmpdir(),
    `homefirst-cluster-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}`,
  ),
  brokers: 3,
  ports: { kafka: 23092, controller: 23093, registry: 23081, redis: 23379 },
  kafkaHeap: '384m',
  registryHeap: '384m',
});
const prefix = `${uniqueName('cluster')}.`;
const silent = createLogger({ name: 'cluster-test', level: 'silent' });
const TOKEN = 'liverpool-cluster-token-0001';

let pki: ThrowawayPki | undefined;
let rem: MllpClientTls;
let kafka: Kafka;
let codec: EventCodec;
let hl7: RunningConnector | undefined;
let fhir: Harness | undefined;
let council: CouncilRuntime | undefined;
let councilApp: FastifyInstance | undefined;
let councilBase = '';
let redis: Redis | undefined;
const consumers: BinProcess[] = [];
const keys = new readModels.ReadModelKeys(`${prefix}rm:`);
const feedTopics = routerTopics(prefix, [COUNCILS.liverpool]);

const msa = (ack: string): string =>
  (ack.split('\r').find((s) => s.startsWith('MSA|')) ?? '').split('|')[1] ?? '';

beforeAll(async () => {
  await stack.down().catch(() => undefined);
  await stack.up([], 3);
  pki = new ThrowawayPki('cluster');
  rem = pki.clientTls(pki.client('rxn-pas', { commonName: 'RXN PAS', organisation: 'RXN' }));
  const env = { ...process.env, ...stack.hubEnv, HOMEFIRST_TOPIC_PREFIX: prefix };
  const hub = loadConfig(env);
  kafka = createKafka(hub, silent);
  // The broker's defaults: three replicas, two in sync.
  await createCatalogueTopics(kafka, prefix, { partitions: 3 });
  codec = createCodec(hub, prefix);
  await withAdmin(kafka, (admin) => ensureRouterTopics(admin, feedTopics));
  redis = await connectedRedis(hub);
  // The projector and the feed router consume from the start, as child processes (their real bins).
  buildProjector();
  buildFeedRouter();
  const consumerEnv = {
    ...stack.hubEnv,
    HOMEFIRST_TOPIC_PREFIX: prefix,
    HOMEFIRST_HTTP_PORT: '0',
    HOMEFIRST_LOG_LEVEL: 'info',
  };
  consumers.push(
    startProjector(['run', '--no-sweep'], {
      ...consumerEnv,
      HOMEFIRST_READMODEL_NAMESPACE: keys.namespace,
      HOMEFIRST_PROJECTOR_GROUP: `${prefix}projector`,
      HOMEFIRST_PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      HOMEFIRST_PROJECTOR_SWEEP: 'false',
    }),
    startFeedRouter({
      ...consumerEnv,
      HOMEFIRST_FEED_COUNCILS: COUNCILS.liverpool,
      HOMEFIRST_FEED_ROUTER_GROUP: `${prefix}feed-router`,
      HOMEFIRST_FEED_ROUTER_SESSION_TIMEOUT_MS: '6000',
    }),
  );
  await Promise.all(consumers.map((c) => c.running()));
  hl7 = await startHl7Connector(
    loadHl7Config({
      ...env,
      ...pki.listenerEnv(),
      HOMEFIRST_REDIS_KEY_PREFIX: `${prefix}hl7:`,
      HOMEFIRST_MLLP_HOST: '127.0.0.1',
      HOMEFIRST_MLLP_PORT: '0',
      HOMEFIRST_HL7_PUBLISH_TIMEOUT_MS: '5000',
    }),
    silent,
  );
  fhir = await startHarness({ env, prefix, createTopics: false, publishTimeoutMs: 5000 });
  const councilConfig = loadCouncilConfig(
    { ...env, HOMEFIRST_COUNCIL_SEND_TIMEOUT_MS: '5000' },
    { requireTokens: false },
  );
  council = await startCouncilRuntime(councilConfig, silent);
  councilApp = buildRecordsApp({
    ingest: council.ingest,
    tokens: new Map([[TOKEN, COUNCILS.liverpool]]),
    maxRecordsPerRequest: 10,
    mappingByName: (name) => loadMapping(name, [BUILT_IN_MAPPINGS_DIR]),
    logger: silent,
  });
  councilBase = await councilApp.listen({ port: 0, host: '127.0.0.1' });
}, 600_000);

async function closeIngest(): Promise<void> {
  await councilApp?.close();
  await council?.close();
  await fhir?.close();
  await hl7?.close();
  [councilApp, council, fhir, hl7] = [undefined, undefined, undefined, undefined];
}

afterAll(async () => {
  for (const consumer of consumers) await consumer.kill('SIGKILL');
  redis?.disconnect();
  await closeIngest();
  pki?.remove();
  await stack.down();
  // HOMEFIRST_KEEP_CLUSTER=1 keeps the nodes' logs and data (for kafka-dump-log) until the next run.
  if (process.env.HOMEFIRST_KEEP_CLUSTER !== '1') stack.remove();
}, 180_000);

/** What each source was told "accepted", by the id the test reads back from Kafka. */
const accepted = { hl7: new Set<string>(), fhir: new Set<string>(), council: new Set<string>() };
/** Refusals seen (AR / 503) before the resend was accepted. */
const refusals = { hl7: 0, fhir: 0, council: 0 };

const hl7Message = (n: number) => syntheticAdmission(8000 + n, `${prefix}H${n}`).message;
const fhirAdmission = (n: number) =>
  variant('encounter-admitted', (json) => {
    json.id = `${prefix}F${n}`;
  });
/**
 * Council record n refers the person HL7 message n admits (one stay each, admitted an hour before): the
 * council's feed is then the same whichever of the two events the router reads first, so a fresh routing of
 * the topics is its exact expectation. (Referrals of people with several stays would not be: which stay a
 * referral joins depends on the stays known when it is routed.) The FHIR admissions are one other person's.
 */
const councilReferral = (n: number) => ({
  recordId: `${prefix}C${n}`,
  councilCode: COUNCILS.liverpool,
  nhsNumber: syntheticAdmission(8000 + n, `${prefix}H${n}`).nhsNumber,
  event: 'referral_received',
  occurredAt: '2025-01-06T10:30:00+00:00',
  pathway: 1,
  hospitalOdsCode: TRUSTS.liverpool,
  hospitalSpellId: `V${String(8000 + n).padStart(6, '0')}`,
  referralId: `${prefix}R${n}`,
});

async function sendHl7(client: MllpClient, n: number): Promise<'accepted' | 'refused'> {
  const code = msa(await client.send(hl7Message(n)));
  if (code === 'AA') {
    accepted.hl7.add(`${prefix}H${n}`);
    return 'accepted';
  }
  if (code === 'AR') return 'refused';
  throw new Error(`HL7 message ${n} got ${code}, not AA or AR`);
}

async function sendFhir(h: Harness, n: number): Promise<'accepted' | 'refused'> {
  const { status } = await h.send('POST', '/Encounter', fhirAdmission(n));
  if (status === 201 || status === 200) {
    accepted.fhir.add(`${prefix}F${n}`);
    return 'accepted';
  }
  if (status === 503) return 'refused';
  throw new Error(`FHIR encounter ${n} got ${status}, not 201 or 503`);
}

async function sendCouncil(n: number): Promise<'accepted' | 'refused'> {
  const response = await fetch(`${councilBase}${RECORDS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(councilReferral(n)),
  });
  await response.arrayBuffer();
  if (response.status === 200) {
    accepted.council.add(`${prefix}R${n}`);
    return 'accepted';
  }
  if (response.status === 503) return 'refused';
  throw new Error(`council record ${n} got ${response.status}, not 200 or 503`);
}

/** The node (`kafka`, `kafka-2`, `kafka-3`) leading a topic's partition 0. */
async function leaderOf(topic: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader;
    if (leader === undefined || leader < 1) throw new Error(`${topic}-0 has no leader`);
    return leader === 1 ? 'kafka' : `kafka-${leader}`;
  } finally {
    await admin.disconnect();
  }
}

function killNine(server: string): void {
  const pid = stack.pidOf(server);
  if (pid === undefined) throw new Error(`${server} is not running`);
  process.kill(pid, 'SIGKILL');
}

/** Reads both topics from the beginning with a new group: the ids each source's events carry, with their event ids. */
async function readBack(): Promise<{ reader: TopicReader; ids: Map<string, string[]> }> {
  const reader = new TopicReader(kafka, codec, prefix);
  await reader.start([HOSPITAL, COUNCIL]);
  const ids = (): Map<string, string[]> => {
    const byId = new Map<string, string[]>();
    const add = (id: string, eventId: string) => byId.set(id, [...(byId.get(id) ?? []), eventId]);
    for (const e of reader.events(HOSPITAL) as HospitalEvent[]) {
      if (e.type !== 'PatientAdmitted') continue;
      const id = e.source.channel === 'HL7V2' ? e.source.messageId : e.payload.spellId;
      if (id !== null) add(id, e.eventId);
    }
    for (const e of reader.events(COUNCIL) as CouncilEvent[])
      if (e.type === 'ReferralReceived') add(e.payload.referralId, e.eventId);
    return byId;
  };
  const all = [...accepted.hl7, ...accepted.fhir, ...accepted.council];
  await waitFor(
    'every accepted message in its topic',
    () => {
      const found = ids();
      return all.every((id) => found.has(id)) ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  ).catch((err: unknown) => {
    const found = ids();
    const missing = all.filter((id) => !found.has(id));
    throw new Error(
      `${missing.length} accepted message(s) not in Kafka: ${missing.slice(0, 10).join(', ')}`,
      {
        cause: err,
      },
    );
  });
  await reader.readToHighWatermark(60_000);
  return { reader, ids: ids() };
}

/** The projector's read models and the router's feed, against what is in the topics now. */
async function consumersMatchTheTopics(): Promise<void> {
  if (redis === undefined) throw new Error('Redis did not connect');
  const r = redis;
  const personTopics = [HOSPITAL, COUNCIL].map((topic) => `${prefix}${topic}`);
  await closeIngest();
  const output = () =>
    consumers
      .map((c) => c.output())
      .join('\n')
      .slice(-3000);
  const withOutput = (err: unknown): never => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${output()}`, { cause: err });
  };
  // A write the sources were refused (AR / 503: the two-broker phase) can still become visible later, once
  // the brokers are back and its replicas catch up: the ends are taken when every replica is in sync again.
  await fullyReplicated(kafka, personTopics).catch(withOutput);
  let ends = await endOffsets(kafka, personTopics);
  let reader: TopicReader | undefined;
  for (let round = 1; reader === undefined; round += 1) {
    const at = ends;
    await waitFor(
      'the projector caught up with both person topics',
      async () => {
        for (const [key, end] of at) {
          const { topic, partition } = splitPartitionKey(key);
          if (Number((await r.get(keys.offset(topic, partition))) ?? 0) < end) return undefined;
        }
        return true;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    ).catch(withOutput);
    await groupReached(kafka, `${prefix}feed-router`, at).catch(withOutput);
    const read = (await readBack()).reader;
    await read.stop();
    ends = await endOffsets(kafka, personTopics);
    if (round === 3 || [...ends].every(([key, end]) => at.get(key) === end)) reader = read;
  }
  // Everything in the topics, repeats included, in each partition's order: what `homefirst project` reads.
  const events = [...reader.events(HOSPITAL), ...reader.events(COUNCIL)] as Array<
    HospitalEvent | CouncilEvent
  >;
  expect(await readSnapshot(r, keys)).toEqual(projectAll(events));

  const expected = expectedFeeds(events, [COUNCILS.liverpool]).get(COUNCILS.liverpool) ?? [];
  expect(expected.length).toBeGreaterThanOrEqual(2 * PER_SOURCE);
  const feed = new FeedReader(kafka, codec);
  await feed.start([...feedTopics.feeds.values()]);
  try {
    await waitFor('the feed routed', () => (feed.events.length >= expected.length ? true : undefined), {
      timeoutMs: 180_000,
      intervalMs: 500,
    }).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${message} (${feed.events.length} of ${expected.length})\n${output()}`, {
        cause: err,
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ids = (list: ReadonlyArray<{ eventId: string }>) => list.map((e) => e.eventId).sort();
    if (ids(feed.events).join() !== ids(expected).join())
      process.stderr.write(
        `${JSON.stringify({ notRouted: unmatched(expected, feed.events), notExpected: unmatched(feed.events, expected), inTopics: inTopics(events, feed.events, expected) }, null, 1)}\n${output()}\n`,
      );
    expect(ids(feed.events)).toEqual(ids(expected));
    expect(perPersonOrder(feed.events)).toEqual(perPersonOrder(expected));
  } finally {
    await feed.stop();
  }
}

describe('a three-broker cluster losing brokers under ingest', () => {
  it('given one broker is killed mid-stream, then every accepted message is in Kafka and every repeat carries the same event id', async () => {
    if (hl7 === undefined || fhir === undefined) throw new Error('the connectors did not start');
    const h = fhir;
    const client = await MllpClient.connect(hl7.mllpPort, '127.0.0.1', rem);
    const victim = await leaderOf(`${prefix}${HOSPITAL}`);
    const paced = async (each: (n: number) => Promise<void>) => {
      for (let n = 0; n < PER_SOURCE; n += 1) {
        await each(n);
        await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      }
    };
    let killedAfter = -1;
    await Promise.all([
      paced(async (n) => {
        await untilAccepted(
          () => sendHl7(client, n),
          () => (refusals.hl7 += 1),
        );
        if (n === Math.floor(PER_SOURCE / 3)) {
          killNine(victim);
          killedAfter = accepted.hl7.size;
        }
      }),
      paced((n) =>
        untilAccepted(
          () => sendFhir(h, n),
          () => (refusals.fhir += 1),
        ),
      ),
      paced((n) =>
        untilAccepted(
          () => sendCouncil(n),
          () => (refusals.council += 1),
        ),
      ),
    ]);
    await client.close();
    expect(killedAfter).toBeGreaterThan(0);
    expect([accepted.hl7.size, accepted.fhir.size, accepted.council.size]).toEqual([
      PER_SOURCE,
      PER_SOURCE,
      PER_SOURCE,
    ]);

    // The killed broker comes back and catches up.
    await stack.up();
    const { reader, ids } = await readBack();
    await reader.stop();
    const repeats = [...ids.values()].filter((eventIds) => eventIds.length > 1);
    // A repeat is the same event written again, never a second event for one message.
    for (const eventIds of repeats) expect(new Set(eventIds).size).toBe(1);
    process.stderr.write(
      `${JSON.stringify({ cluster: 'one broker killed', victim, accepted: PER_SOURCE * 3, refusals, repeatedMessages: repeats.length, extraCopies: repeats.reduce((sum, e) => sum + e.length - 1, 0) })}\n`,
    );
  }, 600_000);

  it('given two brokers are down, then every source is refused, not told accepted, and nothing accepted before is lost', async () => {
    if (hl7 === undefined || fhir === undefined) throw new Error('the connectors did not start');
    const before = accepted.hl7.size + accepted.fhir.size + accepted.council.size;
    killNine('kafka-2');
    killNine('kafka-3');
    const client = await MllpClient.connect(hl7.mllpPort, '127.0.0.1', rem);
    try {
      expect(await sendHl7(client, PER_SOURCE)).toBe('refused');
    } finally {
      await client.close();
    }
    expect(await sendFhir(fhir, PER_SOURCE)).toBe('refused');
    expect(await sendCouncil(PER_SOURCE)).toBe('refused');
    expect(accepted.hl7.size + accepted.fhir.size + accepted.council.size).toBe(before);

    await stack.up();
    const { reader, ids } = await readBack();
    await reader.stop();
    for (const id of [...accepted.hl7, ...accepted.fhir, ...accepted.council]) expect(ids.has(id)).toBe(true);
  }, 600_000);

  it(
    'given a projector and a feed router consumed throughout, then the read models equal the offline projection and the feed a fresh routing',
    () => consumersMatchTheTopics(),
    600_000,
  );
});
