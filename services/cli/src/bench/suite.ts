/**
 * `npm run bench`: every benchmark of the hub, each against its baseline measured in the same run (design.md,
 * Performance budget), repeated, summarised as median and spread, and written as JSON plus a Markdown table
 * for docs/benchmarks.md. This file is the pure part: what to run, how to read each benchmark's JSON, the
 * summary and the table. The runner is suite-main.ts.
 */

/** One figure a benchmark prints: where in its JSON, and the target it is held against (as text). */
export interface Figure {
  readonly name: string;
  /** Dot path into the benchmark's JSON report, e.g. `throughput.ratio`. */
  readonly path: string;
  readonly target?: string;
}

export interface BenchSpec {
  readonly name: string;
  /** What is compared with what. */
  readonly what: string;
  /** The workspace folder and its built script (relative to the folder). */
  readonly dir: string;
  readonly script: string;
  /** Node's own options, before the script (e.g. `--expose-gc` for a heap measured after a full collection). */
  readonly nodeArgs?: readonly string[];
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly figures: readonly Figure[];
  /** Runs at 1×, 2× and 4× this argument's value (how cost grows with the data), when scaling is asked for. */
  readonly scale?: {
    readonly arg: string;
    readonly base: number;
    readonly rate: string;
    readonly memoryMb?: string;
  };
}

export const BENCHES: readonly BenchSpec[] = [
  {
    name: 'mllp-ingest',
    what: 'HL7 v2 over MLLP (mutual TLS) vs a bare kafkajs producer at the same concurrency',
    dir: 'connectors/hl7v2',
    script: 'dist/bench/ingest.js',
    args: [],
    figures: [
      { name: 'ratio', path: 'ratio', target: '≥ 0.9' },
      { name: 'connectorCpuMicrosPerMessage', path: 'mllp.connectorCpuMicrosPerMessage' },
      { name: 'bareCpuMicrosPerMessage', path: 'bareKafkajs.cpuMicrosPerMessage' },
    ],
  },
  {
    name: 'fhir-ingest',
    what: 'FHIR REST vs a bare kafkajs producer at the same concurrency',
    dir: 'connectors/fhir',
    script: 'dist/bench/ingest.js',
    args: [],
    figures: [{ name: 'ratio', path: 'ratio', target: '≥ 0.6' }],
  },
  {
    name: 'council-csv',
    what: 'council CSV ingest vs a bare kafkajs producer',
    dir: 'connectors/council',
    script: 'dist/bench/csv-ingest.js',
    args: ['--rows', '200000'],
    figures: [
      { name: 'ratio', path: 'ratio', target: '≥ 0.5' },
      { name: 'peakRssMb', path: 'ingest.peakRssMb', target: '< 256' },
    ],
    scale: { arg: '--rows', base: 100_000, rate: 'ingest.rowsPerSecond', memoryMb: 'ingest.peakRssMb' },
  },
  {
    name: 'council-rest',
    what: 'council REST, one record per request, vs a bare kafkajs producer at the same concurrency',
    dir: 'connectors/council',
    script: 'dist/bench/rest-ingest.js',
    args: [],
    figures: [
      { name: 'ratio', path: 'ratio' },
      { name: 'p99Ms', path: 'rest.p99Ms' },
      { name: 'cpuMicrosPerRequest', path: 'rest.cpuMicrosPerRequest' },
    ],
  },
  {
    name: 'rebuild',
    what: 'read-model rebuild vs a bare kafkajs consumer; ACK → read model latency at 1,000 events/s',
    dir: 'services/projector',
    script: 'dist/bench/main.js',
    args: ['--events', '200000', '--latency-seconds', '20', '--history-events', '0'],
    figures: [
      { name: 'ratio', path: 'throughput.ratio', target: '≥ 0.7' },
      { name: 'decodingCeiling', path: 'throughput.decodingConsumerRatio' },
      { name: 'ackToReadModelP99Ms', path: 'latency.ackToReadModelMs.p99', target: '< 100' },
      { name: 'projectorRssMb', path: 'throughput.projectorRssMbPeakDuringRebuild', target: '< 256' },
    ],
    scale: {
      arg: '--events',
      base: 100_000,
      rate: 'throughput.projectionEventsPerSecond',
      memoryMb: 'throughput.projectorRssMbPeakDuringRebuild',
    },
  },
  {
    name: 'export',
    what: 'Parquet export vs a bare kafkajs consumer',
    dir: 'services/cli',
    script: 'dist/bench/export.js',
    args: ['--events', '100000'],
    figures: [
      { name: 'ratio', path: 'ratio', target: '≥ 0.5' },
      { name: 'decodingCeiling', path: 'decodingConsumerRatio' },
      { name: 'peakRssMb', path: 'exportPeakRssMb' },
    ],
  },
  {
    name: 'api-queue',
    what: 'the queue API under load, 10 changes/s, vs a bare Redis page read',
    dir: 'services/api',
    script: 'dist/bench/queue.js',
    args: [],
    env: { BENCH_ENDPOINTS: 'off' },
    figures: [
      { name: 'ratioThroughput', path: 'ratioThroughput', target: '≥ 0.3' },
      { name: 'p99Ms', path: 'api.p99Ms', target: '< 20' },
      { name: 'ratioP99', path: 'ratioP99' },
      { name: 'requestsPerSec', path: 'api.requestsPerSec' },
      { name: 'barePagesPerSec', path: 'bareRedisPage.pagesPerSec' },
      { name: 'apiCpuMicrosPerRequest', path: 'api.cpuMicrosPerRequest' },
    ],
  },
  {
    // The same run's other endpoints (after the queue), each against its own bare Redis reads.
    name: 'api-endpoints',
    what: 'tracker, weekly, KPIs and journey under load vs their bare Redis reads',
    dir: 'services/api',
    script: 'dist/bench/queue.js',
    args: [],
    figures: ['tracker', 'weekly', 'kpis', 'journey'].flatMap((endpoint) => [
      { name: `${endpoint}Ratio`, path: `otherEndpoints.${endpoint}.ratio` },
      { name: `${endpoint}P99Ms`, path: `otherEndpoints.${endpoint}.api.p99Ms` },
    ]),
  },
  {
    name: 'feed-routing',
    what: 'feed routing vs a bare kafkajs consume-and-produce loop',
    dir: 'services/feed-router',
    script: 'dist/bench/main.js',
    nodeArgs: ['--expose-gc'],
    args: ['--persons', '20000'],
    figures: [
      { name: 'ratio', path: 'ratio', target: '≥ 0.5' },
      { name: 'routerHeapMb', path: 'router.heapUsedMb' },
    ],
  },
  {
    name: 'webhooks',
    what: 'signed webhook delivery vs bare signed HTTP posts',
    dir: 'services/webhooks',
    script: 'dist/bench/main.js',
    args: [],
    figures: [{ name: 'ratio', path: 'ratioToBareHttp' }],
  },
];

/**
 * A benchmark's JSON report from its stdout: the last line that opens a top-level object (`{` in column 0)
 * to the end. Throws with the output's tail when there is none or it does not parse.
 */
export function parseReport(stdout: string): unknown {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (!lines[i]?.startsWith('{')) continue;
    try {
      return JSON.parse(lines.slice(i).join('\n')) as unknown;
    } catch {
      // a `{` line inside something else: keep looking upwards
    }
  }
  throw new Error(`no JSON report in the benchmark's output: …${stdout.slice(-400)}`);
}

/** The number at a dot path of a report, or null when absent or not a finite number. */
export function figureAt(report: unknown, path: string): number | null {
  let at: unknown = report;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || !(key in at)) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

export interface Summary {
  readonly runs: readonly (number | null)[];
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** Median (mean of the middle two for an even count), min and max of the runs that gave a figure. */
export function summarise(runs: readonly (number | null)[]): Summary {
  const values = runs.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (values.length === 0) return { runs, median: null, min: null, max: null };
  const middle = Math.floor(values.length / 2);
  const median =
    values.length % 2 === 1
      ? (values[middle] ?? null)
      : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
  return { runs, median, min: values[0] ?? null, max: values.at(-1) ?? null };
}

export interface BenchResult {
  readonly name: string;
  readonly what: string;
  /** When this benchmark ran (ISO); a report merged from several `--only` runs holds several dates. */
  readonly measuredAt?: string;
  readonly figures: ReadonlyArray<{
    readonly name: string;
    readonly target?: string;
    readonly summary: Summary;
  }>;
  /** Wall seconds of each run. */
  readonly seconds: readonly number[];
  readonly scaling?: ReadonlyArray<{
    readonly factor: number;
    readonly size: number;
    readonly seconds: number;
    readonly rate: number | null;
    readonly memoryMb: number | null;
  }>;
  /** Why a run failed, when one did. */
  readonly errors: readonly string[];
}

const show = (value: number | null): string =>
  value === null
    ? '—'
    : Math.abs(value) >= 100
      ? String(Math.round(value))
      : String(Math.round(value * 1000) / 1000);

/** The Markdown tables of a suite run: each figure's median and spread, then how cost grows with the data. */
export function markdownReport(
  results: readonly BenchResult[],
  meta: { date: string; repeats: number },
): string {
  const lines = [
    `Measured ${meta.date}, ${meta.repeats} run(s) each; every figure is a ratio to (or a measure beside) a baseline measured in the same run.`,
    '',
    '| benchmark | figure | median | min – max | target | compared with |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const earlier = results.filter((r) => r.measuredAt !== undefined && r.measuredAt !== meta.date);
  if (earlier.length > 0)
    lines.splice(
      1,
      0,
      '',
      `Measured earlier: ${earlier.map((r) => `${r.name} ${r.measuredAt}`).join('; ')}.`,
    );
  for (const r of results)
    for (const f of r.figures)
      lines.push(
        `| ${r.name} | ${f.name} | ${show(f.summary.median)} | ${show(f.summary.min)} – ${show(f.summary.max)} | ${f.target ?? ''} | ${r.what} |`,
      );
  const scaled = results.filter((r) => r.scaling !== undefined && r.scaling.length > 0);
  if (scaled.length > 0) {
    lines.push(
      '',
      '| benchmark | data | seconds | rate | time ÷ 1× | memory MB |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const r of scaled) {
      const one = r.scaling?.find((s) => s.factor === 1)?.seconds;
      for (const s of r.scaling ?? [])
        lines.push(
          `| ${r.name} | ${s.factor}× (${s.size}) | ${show(s.seconds)} | ${show(s.rate)} | ${one === undefined || one === 0 ? '—' : show(s.seconds / one)} | ${show(s.memoryMb)} |`,
        );
    }
  }
  const failed = results.filter((r) => r.errors.length > 0);
  if (failed.length > 0) lines.push('', ...failed.map((r) => `- ${r.name}: ${r.errors.join('; ')}`));
  return `${lines.join('\n')}\n`;
}

/**
 * The report after an `--only` run: the earlier report's results with the benchmarks just run replaced,
 * in the suite's order. Each result keeps the date it was measured.
 */
export function mergedResults(
  earlier: readonly BenchResult[],
  fresh: readonly BenchResult[],
  order: readonly string[],
): BenchResult[] {
  const byName = new Map(earlier.map((r) => [r.name, r]));
  for (const r of fresh) byName.set(r.name, r);
  return order.flatMap((name) => {
    const result = byName.get(name);
    return result === undefined ? [] : [result];
  });
}
