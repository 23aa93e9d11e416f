import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { fuzzSlowThresholdMs, type Mutation } from '@homefirst/testing';
import { corpusOf, EDGES, REPO_ROOT, type Edge } from './corpora';
import { InputSource } from './inputs';
import { emptyTally, record, totalOf, type EdgeTally } from './tally';
import type { InputResult, WorkerTask } from './worker';

/**
 * `npm run fuzz [-- --runs N] [--seed S] [--edge hl7|fhir|council]` — mutated inputs through the three
 * feed checkers (`homefirst map …`), in process. Prints the counts by outcome as JSON, per edge and in
 * total; writes a few example inputs of each crash and slow kind to tests/artifacts/fuzz/<edge>/ (git-
 * ignored), each runnable as `npx homefirst map <edge> <file>`. Exit 1 if any input crashed or was slow.
 * See README.md, "Fuzzing the edges", for the outcomes and the slow threshold.
 */
const USAGE =
  'usage: npm run fuzz -- [--runs N (default 100000)] [--seed S (default 12)] [--edge hl7|fhir|council]';
/** An input still running after this is stopped and counted slow (it holds a core: issue #12 item 1). */
const HANG_MS = 10_000;
/** Slow inputs are timed again (fastest of three counts) when below this. */
const RETIME_BELOW_MS = 2_000;
const EXAMPLES_PER_KIND = 2;
const EXAMPLES_PER_EDGE = 24;
const OUT_DIR = join(REPO_ROOT, 'tests', 'artifacts', 'fuzz');

interface Options {
  readonly runs: number;
  readonly seed: number;
  readonly edges: readonly Edge[];
}

function options(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: { runs: { type: 'string' }, seed: { type: 'string' }, edge: { type: 'string' } },
  });
  const runs = Number(values.runs ?? 100_000);
  const seed = Number(values.seed ?? 12);
  const edge = values.edge;
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError('--runs must be a whole number above 0');
  if (!Number.isSafeInteger(seed)) throw new RangeError('--seed must be a whole number');
  if (edge !== undefined && !(EDGES as readonly string[]).includes(edge))
    throw new RangeError('--edge must be hl7, fhir or council');
  return { runs, seed, edges: edge === undefined ? EDGES : [edge as Edge] };
}

/** Mutations as written next to an example: long strings shortened to their length and first characters. */
const described = (mutations: readonly Mutation[]) =>
  JSON.parse(
    JSON.stringify(mutations, (_key, value: unknown) =>
      typeof value === 'string' && value.length > 80
        ? `<${value.length} chars: ${JSON.stringify(value.slice(0, 24))}…>`
        : value,
    ),
  ) as unknown;

class Examples {
  private readonly perKind = new Map<string, number>();
  private written = 0;

  constructor(
    private readonly edge: Edge,
    private readonly source: InputSource,
    private readonly seed: number,
  ) {
    rmSync(join(OUT_DIR, edge), { recursive: true, force: true });
  }

  keep(result: InputResult): void {
    if (result.outcome !== 'crash' && result.outcome !== 'slow') return;
    const seen = this.perKind.get(result.kind) ?? 0;
    if (seen >= EXAMPLES_PER_KIND || this.written >= EXAMPLES_PER_EDGE) return;
    this.perKind.set(result.kind, seen + 1);
    this.written += 1;
    const input = this.source.at(result.index);
    const dir = join(OUT_DIR, this.edge);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${result.outcome}-${result.index}${extname(input.base) || '.txt'}`);
    writeFileSync(file, input.bytes);
    const note = { edge: this.edge, seed: this.seed, ...result, ms: Math.round(result.ms), base: input.base };
    writeFileSync(
      `${file}.json`,
      `${JSON.stringify({ ...note, mutations: described(input.mutations) }, null, 2)}\n`,
    );
  }
}

/** Runs an edge's inputs in a worker; an input that hangs is stopped, counted slow, and the rest go on. */
async function fuzzEdge(edge: Edge, runs: number, seed: number): Promise<EdgeTally> {
  const tally = emptyTally();
  const corpus = corpusOf(edge);
  const examples = new Examples(edge, new InputSource(edge, corpus, seed), seed);
  let next = 0;
  while (next < runs) {
    next = await new Promise<number>((resolve, reject) => {
      const task: WorkerTask = { edge, seed, from: next, to: runs, corpus, retimeBelowMs: RETIME_BELOW_MS };
      const worker = new Worker(join(__dirname, 'worker.js'), { workerData: task });
      let current = next;
      let lastAt = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - lastAt < HANG_MS) return;
        clearInterval(watchdog);
        const hung: InputResult = {
          index: current,
          outcome: 'slow',
          kind: `slow (did not finish within ${HANG_MS / 1000} s)`,
          ms: Date.now() - lastAt,
          size: -1,
        };
        record(tally, hung);
        examples.keep(hung);
        void worker.terminate().then(() => resolve(current + 1));
      }, 250);
      worker.on('message', (message: InputResult | { done: true }) => {
        lastAt = Date.now();
        if ('done' in message) {
          clearInterval(watchdog);
          resolve(runs);
          return;
        }
        record(tally, message);
        examples.keep(message);
        current = message.index + 1;
      });
      worker.on('error', (err) => {
        clearInterval(watchdog);
        reject(err);
      });
    });
  }
  return tally;
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = options(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const edges: Partial<Record<Edge, EdgeTally>> = {};
  const started = Date.now();
  for (const [i, edge] of opts.edges.entries()) {
    // The runs are shared out among the edges: --runs is the total.
    const share = Math.floor(opts.runs / opts.edges.length) + (i < opts.runs % opts.edges.length ? 1 : 0);
    const edgeStarted = Date.now();
    edges[edge] = await fuzzEdge(edge, share, opts.seed);
    console.error(
      `fuzz: ${edge} done, ${share} inputs in ${((Date.now() - edgeStarted) / 1000).toFixed(1)} s`,
    );
  }
  const total = totalOf(edges);
  const report = {
    seed: opts.seed,
    slowThreshold: `${fuzzSlowThresholdMs(0)} ms per started 64 KiB of input (fastest of three timings); an input still running after ${HANG_MS / 1000} s is stopped and counted slow`,
    seconds: Math.round((Date.now() - started) / 1000),
    edges,
    total,
    examples: total.crash + total.slow > 0 ? relative(process.cwd(), OUT_DIR) : null,
  };
  console.log(JSON.stringify(report, null, 2));
  return total.crash + total.slow > 0 ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
