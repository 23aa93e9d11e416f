import { Redis } from 'ioredis';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';

/** How to reach an authenticated listener: the CA that signed it and SCRAM credentials. */
export interface KafkaCredentials {
  readonly ca: string;
  readonly sasl: SASLOptions;
}

const healthAdmin = (brokers: string, credentials?: KafkaCredentials) =>
  new Kafka({
    brokers: brokers.split(','),
    clientId: 'homefirst-stack-health',
    ...(credentials && { ssl: { ca: [credentials.ca] }, sasl: credentials.sasl }),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1500,
    requestTimeout: 3000,
    retry: { retries: 0 },
  }).admin();

/**
 * Kafka answers a metadata request and names a controller (over TLS with SASL when credentials are given).
 * `broker`: one address, or several comma-separated (any one answering will do).
 */
export async function checkKafka(broker: string, credentials?: KafkaCredentials): Promise<void> {
  const admin = healthAdmin(broker, credentials);
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('Kafka metadata lists no broker');
    if (cluster.controller === null || cluster.controller < 0)
      throw new Error('Kafka has no active controller yet');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Group ids spread over the offsets topic's partitions (the stack makes 6), so each one's coordinator is asked. */
const WARM_GROUPS = Array.from({ length: 24 }, (_, i) => `homefirst-stack-warm-${i}`);

/**
 * Has a new broker create its internal topics — consumer offsets, transaction state — and waits until their
 * coordinators answer. Kafka creates them on the first client that needs one, which otherwise is the first
 * hub service to start: its log then opens with kafkajs' retried "The group coordinator is not available" /
 * "This is not the correct coordinator" errors (32 lines in the feed router's on a brand-new stack). On a
 * broker that has them this costs a round trip or two.
 */
export async function warmCoordinators(brokers: string, credentials?: KafkaCredentials): Promise<void> {
  const kafka = new Kafka({
    brokers: brokers.split(','),
    clientId: 'homefirst-stack-warm',
    ...(credentials && { ssl: { ca: [credentials.ca] }, sasl: credentials.sasl }),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    transactionalId: 'homefirst-stack-warm',
    idempotent: true,
    maxInFlightRequests: 1,
  });
  try {
    await admin.connect();
    await admin.describeGroups(WARM_GROUPS);
    await producer.connect();
    // The transaction coordinator is found (and its topic made) when a transactional id is first initialised:
    // at a transaction's start, not at connect.
    const transaction = await producer.transaction();
    await transaction.abort();
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The partitions whose in-sync replicas are fewer than their replicas (`topic-partition`, sorted): a broker
 * of the cluster is down or catching up. `brokers`: comma-separated addresses.
 */
export async function underReplicatedPartitions(
  brokers: string,
  credentials?: KafkaCredentials,
): Promise<string[]> {
  const admin = healthAdmin(brokers, credentials);
  try {
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata();
    return topics
      .flatMap((t) =>
        t.partitions.filter((p) => p.isr.length < p.replicas.length).map((p) => `${t.name}-${p.partitionId}`),
      )
      .sort();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The registry's Confluent-compatible subjects endpoint answers with a JSON array. */
export async function checkRegistry(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/subjects`, { signal: AbortSignal.timeout(3000) });
  if (res.status !== 200) throw new Error(`registry answered ${res.status} on /subjects`);
  const body: unknown = await res.json();
  if (!Array.isArray(body)) throw new Error('registry /subjects did not return a JSON array');
}

/** A Redis of an older stack, without ACL users: waiting will not help, a restart will. */
export class RedisWithoutAclError extends Error {}

/** Redis answers PING — as `credentials`' user when given (the stack's admin). */
export async function checkRedis(
  url: string,
  credentials?: { readonly username: string; readonly password: string },
): Promise<void> {
  try {
    await pingRedis(url, credentials);
  } catch (err) {
    // A server of an older stack: no ACL users, and the default user still open.
    if (
      credentials &&
      /WRONGPASS/.test(String(err)) &&
      (await pingRedis(url).then(
        () => true,
        () => false,
      ))
    )
      throw new RedisWithoutAclError(
        `Redis at ${url} runs without the stack's ACL users (started before Redis passwords); restart it: homefirst stack down redis && homefirst stack up`,
        { cause: err },
      );
    throw err;
  }
}

async function pingRedis(
  url: string,
  credentials?: { readonly username: string; readonly password: string },
): Promise<void> {
  const redis = new Redis(url, {
    ...credentials,
    lazyConnect: true,
    connectTimeout: 1500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // A refused login closes the connection: connect() then says only "Connection is closed", the reason
  // (NOAUTH, WRONGPASS…) comes as an error event.
  const errors: string[] = [];
  redis.on('error', (err: unknown) => errors.push(err instanceof Error ? err.message : String(err)));
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== 'PONG') throw new Error(`Redis answered ${String(pong)} to PING`);
  } catch (err) {
    const reason = errors[0];
    if (reason === undefined || (err instanceof Error && err.message.includes(reason))) throw err;
    throw new Error(`${reason} (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  } finally {
    redis.disconnect();
  }
}
