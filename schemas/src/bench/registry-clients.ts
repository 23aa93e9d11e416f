import { randomBytes } from 'node:crypto';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { LocalDateType, TimestampMillisType } from '../avro/logical-types';
import { catalogue } from '../catalogue/topics';
import { compileTopic } from '../codec/compiled-topic';
import { EventCodec } from '../codec/event-codec';
import { createRegistryClient } from '../codec/registry-client';
import { unframe } from '../codec/wire-format';
import type { HomefirstEvent, TopicName } from '../generated/events';
import { sampleEvents } from '../testing/sample-events';
import { startCountingProxy, startSilentServer, type CountingProxy } from './counting-proxy';

// Benchmark (not a test): our registry client + EventCodec against @kafkajs/confluent-schema-registry on
// the same events and the same registry, through a counting proxy. Measures (a) encode/decode throughput,
// (b) behaviour when the registry is down or hangs, (c) HTTP requests of 100 concurrent first uses.
// Needs the local stack's registry and a build (npx tsc -b); prints JSON.

const REGISTRY = process.env.HOMEFIRST_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';
const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENT = 100;
const HANG_CAP_MS = 20_000;
const DOWN_URL = 'http://127.0.0.1:1/apis/ccompat/v7';

const AVRO_OPTIONS = {
  logicalTypes: { 'timestamp-millis': TimestampMillisType, date: LocalDateType },
  assertLogicalTypes: true,
  wrapUnions: 'auto' as const,
};

interface Sample {
  readonly topic: TopicName;
  readonly event: HomefirstEvent;
  /** The same event as avsc values (payload union wrapped): what the stock client encodes. */
  readonly avroValue: unknown;
  readonly schemaText: string;
  readonly subject: string;
}

const samplesOf = (prefix: string): Sample[] =>
  catalogue.flatMap((spec) => {
    const compiled = compileTopic(spec);
    return (sampleEvents[spec.name as TopicName] as readonly HomefirstEvent[]).map((event) => ({
      topic: spec.name as TopicName,
      event,
      avroValue: compiled.wrappedPayload
        ? { ...event, payload: { [compiled.branchOf.get(event.type) ?? '']: event.payload } }
        : event,
      schemaText: compiled.schemaText,
      subject: `${prefix}${spec.valueSubject}`,
    }));
  });

const stockClient = (host: string, retry?: object): SchemaRegistry =>
  new SchemaRegistry({ host, ...(retry && { retry }) }, { forSchemaOptions: AVRO_OPTIONS });

/** Operations per second of `op` run OPS times in sequence (the codec's calls are async). */
const rate = async (op: (i: number) => Promise<unknown>): Promise<number> => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < OPS; i += 1) await op(i);
  return Math.round(OPS / (Number(process.hrtime.bigint() - t0) / 1e9));
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

/** How a call fails: error class, code, whether marked retriable, and how long it took (capped). */
const failure = async (call: () => Promise<unknown>): Promise<Record<string, unknown>> => {
  const t0 = Date.now();
  const capped = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), HANG_CAP_MS).unref());
  try {
    const outcome = await Promise.race([call(), capped]);
    if (outcome === 'hung') return { failed: false, note: `still waiting after ${HANG_CAP_MS} ms` };
    return { failed: false, note: 'succeeded', ms: Date.now() - t0 };
  } catch (error) {
    const e = error as { name?: string; code?: unknown; retriable?: unknown; message?: string };
    return {
      failed: true,
      ms: Date.now() - t0,
      error: e.name,
      code: e.code ?? null,
      retriable: e.retriable ?? 'not marked',
      message: String(e.message).slice(0, 120),
    };
  }
};

/** HTTP requests reaching the registry while `concurrent` first uses run on a fresh client. */
const stampede = async (proxy: CountingProxy, first: () => Promise<unknown>): Promise<object> => {
  proxy.reset();
  await Promise.all(Array.from({ length: CONCURRENT }, first));
  return { requests: proxy.total(), byRoute: Object.fromEntries(proxy.counts) };
};

async function main(): Promise<void> {
  const proxy = await startCountingProxy(REGISTRY);
  const prefix = `bench-${randomBytes(4).toString('hex')}.`;
  const samples = samplesOf(prefix);
  const ours = new EventCodec({ registry: createRegistryClient({ url: proxy.url }), prefix });
  await ours.prepare();
  const messages = await Promise.all(samples.map((s) => ours.encode(s.topic, s.event)));
  const ids = messages.map((m) => unframe(m).schemaId);
  const theirs = stockClient(proxy.url);
  const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

  // (a) throughput, interleaved rounds so both see the same machine load.
  const results = {
    ours: { encode: [] as number[], decode: [] as number[] },
    stock: { encode: [] as number[], decode: [] as number[] },
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    results.ours.encode.push(await rate((i) => ours.encode(at(samples, i).topic, at(samples, i).event)));
    results.stock.encode.push(await rate((i) => theirs.encode(at(ids, i), at(samples, i).avroValue)));
    results.ours.decode.push(await rate((i) => ours.decodeAny(at(messages, i))));
    results.stock.decode.push(await rate((i) => theirs.decode(at(messages, i))));
  }

  // (c) stampede: 100 concurrent first uses of one schema id on a fresh client.
  const one = samples[0] as Sample;
  const oneId = ids[0] as number;
  const oneMessage = messages[0] as Buffer;
  const freshOurs = (): EventCodec =>
    new EventCodec({ registry: createRegistryClient({ url: proxy.url }), prefix });
  const encodeCodec = freshOurs();
  const decodeCodec = freshOurs();
  const stockEncoder = stockClient(proxy.url);
  const stockRegistrar = stockClient(proxy.url);
  const stockDecoder = stockClient(proxy.url);
  const stampedes = {
    ours: {
      encode: await stampede(proxy, () => encodeCodec.encode(one.topic, one.event)),
      decode: await stampede(proxy, () => decodeCodec.decodeAny(oneMessage)),
    },
    stock: {
      encodeKnownId: await stampede(proxy, () => stockEncoder.encode(oneId, one.avroValue)),
      registerThenEncode: await stampede(proxy, async () => {
        const { id } = await stockRegistrar.register(
          { type: SchemaType.AVRO, schema: one.schemaText },
          { subject: one.subject, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE },
        );
        return stockRegistrar.encode(id, one.avroValue);
      }),
      decode: await stampede(proxy, () => stockDecoder.decode(oneMessage)),
    },
  };

  // (b) registry down (nothing listens on port 1) and registry hanging (accepts, never answers).
  const silent = await startSilentServer();
  const downOurs = new EventCodec({ registry: createRegistryClient({ url: DOWN_URL }), prefix });
  const hungOurs = new EventCodec({ registry: createRegistryClient({ url: silent.url }), prefix });
  const runtimeRetry = { retries: 3, initialRetryTimeInSecs: 0.1, maxRetryTimeInSecs: 2 };
  const outage = {
    down: {
      oursEncode: await failure(() => downOurs.encode(one.topic, one.event)),
      oursDecode: await failure(() => downOurs.decodeAny(oneMessage)),
      stockDecodeDefaults: await failure(() => stockClient(DOWN_URL).decode(oneMessage)),
      stockDecodeRuntimeRetry: await failure(() => stockClient(DOWN_URL, runtimeRetry).decode(oneMessage)),
    },
    hanging: {
      oursDecode: await failure(() => hungOurs.decodeAny(oneMessage)),
      stockDecode: await failure(() => stockClient(silent.url, runtimeRetry).decode(oneMessage)),
    },
  };
  await silent.close();
  await proxy.close();

  console.log(
    JSON.stringify(
      {
        benchmark: 'registry-clients',
        registry: REGISTRY,
        events: samples.length,
        opsPerRound: OPS,
        rounds: ROUNDS,
        throughputOpsPerSec: {
          ours: { encode: median(results.ours.encode), decode: median(results.ours.decode) },
          stock: { encode: median(results.stock.encode), decode: median(results.stock.decode) },
          rounds: results,
          note: 'ours decode resolves to this build’s schema and unwraps the payload union; stock returns the writer’s avsc value',
        },
        stampede: { concurrentFirstUses: CONCURRENT, ...stampedes },
        outage,
      },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  // The proxy and silent servers would keep the process alive.
  process.exit(1);
});
