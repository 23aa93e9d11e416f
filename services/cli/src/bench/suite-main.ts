import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { localRedisDefaults } from '../stack/redis-security';
import { findRepoRoot, loadStackSettings } from '../stack/settings';
import {
  BENCHES,
  figureAt,
  markdownReport,
  mergedResults,
  parseReport,
  summarise,
  type BenchResult,
  type BenchSpec,
} from './suite';

/**
 * `npm run bench [-- --only a,b] [--repeats 3] [--no-scaling]`: runs the benchmarks (built: `tsc -b` first)
 * against the running stack (HOMEFIRST_* addresses; `homefirst stack up` first), one at a time, and writes
 * docs/benchmarks/results.json and results.md, then the table into docs/benchmarks.md between its markers.
 * Run it on a quiet machine: the ratios hold against noise, the absolute rates do not. With no HOMEFIRST_REDIS_*
 * in the environment, the benchmarks use the local stack's Redis as its admin, as the CLI does (a benchmark
 * without Redis credentials waited forever on a Redis that refused it). A run longer than `--timeout-min` is
 * killed and reported as failed, so the suite always ends.
 */

const MARK_START = '<!-- bench:results:start -->';
const MARK_END = '<!-- bench:results:end -->';

interface Run {
  readonly seconds: number;
  readonly report?: unknown;
  readonly error?: string;
}

function runOnce(root: string, spec: BenchSpec, args: readonly string[], timeoutMs: number): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.script, ...args], {
      cwd: join(root, spec.dir),
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (timedOut) {
        const last = stderr.trim().split('\n').slice(-3).join(' | ');
        resolve({ seconds, error: `killed after ${Math.round(timeoutMs / 1000)} s (no result): ${last}` });
        return;
      }
      if (code !== 0) {
        resolve({
          seconds,
          error: `exit ${code ?? 'signal'}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
        });
        return;
      }
      try {
        resolve({ seconds, report: parseReport(stdout) });
      } catch (err) {
        resolve({ seconds, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
}

async function runBench(
  root: string,
  spec: BenchSpec,
  repeats: number,
  scaling: boolean,
  timeoutMs: number,
): Promise<BenchResult> {
  const runs: Run[] = [];
  for (let i = 1; i <= repeats; i += 1) {
    process.stderr.write(`› ${spec.name} run ${i}/${repeats}…\n`);
    runs.push(await runOnce(root, spec, spec.args, timeoutMs));
  }
  const scale = spec.scale;
  const scaled: NonNullable<BenchResult['scaling']>[number][] = [];
  const errors = runs.flatMap((r) => (r.error === undefined ? [] : [r.error]));
  if (scaling && scale !== undefined) {
    // The scaling runs replace the size argument (the rest of the spec's arguments stay).
    const rest = spec.args.filter((_, i) => spec.args[i] !== scale.arg && spec.args[i - 1] !== scale.arg);
    for (const factor of [1, 2, 4]) {
      const size = scale.base * factor;
      process.stderr.write(`› ${spec.name} at ${factor}× (${size})…\n`);
      const run = await runOnce(root, spec, [...rest, scale.arg, String(size)], timeoutMs);
      if (run.error !== undefined) errors.push(`${factor}×: ${run.error}`);
      scaled.push({
        factor,
        size,
        seconds: Math.round(run.seconds * 10) / 10,
        rate: run.report === undefined ? null : figureAt(run.report, scale.rate),
        memoryMb:
          run.report === undefined || scale.memoryMb === undefined
            ? null
            : figureAt(run.report, scale.memoryMb),
      });
    }
  }
  return {
    name: spec.name,
    what: spec.what,
    figures: spec.figures.map((f) => ({
      name: f.name,
      ...(f.target !== undefined && { target: f.target }),
      summary: summarise(runs.map((r) => (r.report === undefined ? null : figureAt(r.report, f.path)))),
    })),
    seconds: runs.map((r) => Math.round(r.seconds * 10) / 10),
    ...(scaled.length > 0 && { scaling: scaled }),
    errors,
  };
}

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return n;
};

async function main(): Promise<void> {
  const program = new Command('bench')
    .description(
      'every benchmark against its same-run baseline, repeated; writes docs/benchmarks/results.{json,md}',
    )
    .option('--only <names>', `comma-separated: ${BENCHES.map((b) => b.name).join(', ')}`)
    .option('--repeats <n>', 'runs of each benchmark', positive, 3)
    .option('--no-scaling', 'skip the 1×/2×/4× data runs')
    .option('--timeout-min <n>', 'minutes a single run may take before it is killed', positive, 20)
    .parse();
  const opts = program.opts<{ only?: string; repeats: number; scaling: boolean; timeoutMin: number }>();
  const wanted = opts.only?.split(',').map((s) => s.trim());
  const unknown = wanted?.filter((name) => !BENCHES.some((b) => b.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`);
  const specs = BENCHES.filter((b) => wanted === undefined || wanted.includes(b.name));
  const root = findRepoRoot();
  Object.assign(process.env, localRedisDefaults(loadStackSettings(), process.env));
  const fresh: BenchResult[] = [];
  const date = new Date().toISOString();
  for (const spec of specs)
    fresh.push({
      ...(await runBench(root, spec, opts.repeats, opts.scaling, opts.timeoutMin * 60_000)),
      measuredAt: date,
    });

  const outDir = join(root, 'docs', 'benchmarks');
  mkdirSync(outDir, { recursive: true });
  // `--only` replaces its benchmarks in the last full report and keeps the others (with their dates).
  const earlierFile = join(outDir, 'results.json');
  const report = (): { date: string; results: BenchResult[] } =>
    JSON.parse(readFileSync(earlierFile, 'utf8')) as { date: string; results: BenchResult[] };
  const earlier =
    wanted !== undefined && existsSync(earlierFile)
      ? report().results.map((r) => ({ ...r, measuredAt: r.measuredAt ?? report().date }))
      : [];
  const results = mergedResults(
    earlier,
    fresh,
    BENCHES.map((b) => b.name),
  );
  writeFileSync(
    join(outDir, 'results.json'),
    `${JSON.stringify({ date, repeats: opts.repeats, results }, null, 2)}\n`,
  );
  const table = markdownReport(results, { date, repeats: opts.repeats });
  writeFileSync(join(outDir, 'results.md'), table);
  const doc = join(root, 'docs', 'benchmarks.md');
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(MARK_START);
  const end = text.indexOf(MARK_END);
  if (start !== -1 && end > start)
    writeFileSync(doc, `${text.slice(0, start + MARK_START.length)}\n${table}${text.slice(end)}`);
  // Written files as the repository's format check wants them (npx prettier: the repo's own version and config).
  const written = [join(outDir, 'results.json'), join(outDir, 'results.md'), doc];
  const formatted = spawnSync('npx', ['prettier', '--write', ...written], { cwd: root, encoding: 'utf8' });
  if (formatted.status !== 0)
    process.stderr.write(`prettier could not format the results: ${formatted.stderr}\n`);
  process.stdout.write(table);
  if (results.some((r) => r.errors.length > 0)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
