import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkpointPathOf } from '../csv/checkpoint';
import { errorReportPathOf } from '../csv/error-report';
import { councilEventIdOf } from '../events/to-event';
import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../mapping-files/load';
import { cellReader, columnIndex } from '../mapping/mapping';
import { decodeCouncilRecord } from '../record/council-record';
import { NHS } from '../testing/corpus';
import { CANONICAL_HEADER, syntheticRow, writeSyntheticCsv } from '../testing/generate';
import { startTestStack, type TestStack } from '../testing/stack';

// The built command line on the real stack: `ingest` killed half way through a file and run again, and
// `serve` (REST, drop folder, ops endpoints, graceful shutdown) as deployed.
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'connectors', 'council', 'bin', 'homefirst-council.js');
const dirs = [BUILT_IN_MAPPINGS_DIR];
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The eventIds the good rows of a synthetic file must produce, and how many rows are bad. */
function expectedOf(rows: number, options: { badEvery: number; tag: string }) {
  const header = CANONICAL_HEADER.split(',');
  const mapping = loadMapping('homefirst', dirs);
  const index = columnIndex(header);
  const ids = new Set<string>();
  let bad = 0;
  for (let i = 1; i <= rows; i += 1) {
    const decoded = decodeCouncilRecord(
      mapping.mapRow(cellReader(index, syntheticRow(i, options).split(','))).input,
      new Date(),
    );
    if (decoded.ok) ids.add(councilEventIdOf(decoded.record));
    else bad += 1;
  }
  return { ids, bad };
}
// One build and one stack for the whole file.
let stack: TestStack;
let dir: string;

beforeAll(async () => {
  // The tests run the real command line: build it from the current sources first.
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-b', join(ROOT, 'connectors', 'council')],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  stack = await startTestStack('council-cli');
  dir = await mkdtemp(join(tmpdir(), 'council-cli-int-'));
}, 180_000);

afterAll(async () => {
  await stack?.teardown();
  await rm(dir, { recursive: true, force: true });
});

const cli = (file: string, prefix: string): ChildProcess =>
  spawn(process.execPath, [BIN, 'ingest', file, '--no-progress'], {
    cwd: ROOT,
    env: { ...stack.env, HOMEFIRST_TOPIC_PREFIX: prefix, HOMEFIRST_REDIS_KEY_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const runToEnd = async (file: string, prefix: string) => {
  const child = cli(file, prefix);
  let stdout = '';
  child.stdout?.on('data', (data: Buffer) => (stdout += data.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, summary: JSON.parse(stdout) as Record<string, unknown> };
};

/** Writes a synthetic file into the suite's folder, with the eventIds its good rows must give and its bad-row count. */
const syntheticFile = async (name: string, rows: number, options: { badEvery: number; tag: string }) => {
  const file = join(dir, name);
  await writeSyntheticCsv(file, rows, options);
  return { file, ...expectedOf(rows, options) };
};

/** Starts the CLI and stops it with `signal` once the checkpoint shows at least `afterRows` rows durably done. */
const interrupt = async (file: string, prefix: string, afterRows: number, signal: NodeJS.Signals) => {
  const child = cli(file, prefix);
  const exited = once(child, 'exit');
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('the checkpoint did not advance within 120 s');
    if (child.exitCode !== null)
      throw new Error(`the CLI finished (exit ${child.exitCode}) before it could be interrupted`);
    const text = await readFile(checkpointPathOf(file), 'utf8').catch(() => '');
    const done = text === '' ? 0 : (JSON.parse(text) as { rowsDone: number }).rowsDone;
    if (done >= afterRows) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill(signal);
  const [code, killedBy] = (await exited) as [number | null, NodeJS.Signals | null];
  return {
    code,
    killedBy,
    checkpoint: JSON.parse(await readFile(checkpointPathOf(file), 'utf8')) as { rowsDone: number },
  };
};

describe('homefirst-council ingest (built) on the real stack: interrupted and run again', () => {
  it('given SIGKILL a third of the way through, when run again, then it resumes and every good row is in Kafka exactly once (by eventId)', async () => {
    const rows = 30_000;
    const options = { badEvery: 500, tag: 'KILL' };
    const { file, ids: expected, bad } = await syntheticFile('killed.csv', rows, options);
    const prefix = stack.prefix; // the suite's topics; start from an empty council topic count
    const before = await stack.count('homefirst.council.events.v1');

    const killed = await interrupt(file, prefix, rows / 3, 'SIGKILL');
    expect(killed.killedBy).toBe('SIGKILL');
    expect(killed.checkpoint.rowsDone).toBeGreaterThanOrEqual(rows / 3);
    expect(killed.checkpoint.rowsDone).toBeLessThan(rows);

    const rerun = await runToEnd(file, prefix);
    expect(rerun.code).toBe(1); // complete, with rejected rows reported
    expect(rerun.summary).toMatchObject({
      complete: true,
      rows,
      resumedAfterRow: killed.checkpoint.rowsDone,
      rejected: bad,
    });
    expect(await exists(checkpointPathOf(file))).toBe(false);

    const ids = (await stack.eventIds('homefirst.council.events.v1')).slice(0);
    const fromThisFile = ids.filter((id) => expected.has(id));
    const distinct = new Set(fromThisFile);
    expect(distinct.size).toBe(expected.size); // no good row missing
    expect(ids.length - before).toBe(fromThisFile.length); // nothing else written
    // A SIGKILL can land after Kafka acknowledged a chunk and before its record ids reached Redis; those
    // chunks (at most the ones in flight: 4 × 500 rows) are written again with the same eventIds, which
    // consumers dedupe. In the normal case there are none.
    const duplicates = fromThisFile.length - distinct.size;
    expect(duplicates).toBeLessThanOrEqual(4 * 500);
    if (duplicates > 0)
      process.stderr.write(
        `[council] ${duplicates} duplicate eventIds after SIGKILL (ack/remember window)\n`,
      );

    const reportRows = (await readFile(errorReportPathOf(file), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { row: number }).row);
    expect(reportRows).toEqual(Array.from({ length: bad }, (_, i) => (i + 1) * options.badEvery));
  });

  it('given SIGTERM half way, when run again, then no row is missing and none is written twice', async () => {
    const rows = 20_000;
    const options = { badEvery: 400, tag: 'TERM' };
    const { file, ids: expected, bad } = await syntheticFile('stopped.csv', rows, options);
    const idsBefore = new Set(await stack.eventIds('homefirst.council.events.v1'));

    const stopped = await interrupt(file, stack.prefix, rows / 2, 'SIGTERM');
    expect(stopped.code).toBe(3); // stopped part way: run again to resume
    const rerun = await runToEnd(file, stack.prefix);
    expect(rerun.summary).toMatchObject({ complete: true, rows, rejected: bad });

    const fresh = (await stack.eventIds('homefirst.council.events.v1')).filter((id) => !idsBefore.has(id));
    expect(fresh).toHaveLength(expected.size);
    expect(new Set(fresh)).toEqual(expected);
  });
});

describe('homefirst-council serve (built) on the real stack', () => {
  it('serve: REST and drop folder on the configured ports, /healthz /readyz /metrics, and a clean exit on SIGTERM', async () => {
    const drop = join(dir, 'drop');
    await mkdir(drop);
    const token = 'liverpool-serve-test-token-01';
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        ...stack.env,
        HOMEFIRST_LOG_LEVEL: 'info', // the start-up lines name the ports the OS chose
        HOMEFIRST_COUNCIL_TOKENS: `E08000012:${token}`,
        HOMEFIRST_COUNCIL_PORT: '0',
        HOMEFIRST_COUNCIL_HOST: '127.0.0.1',
        HOMEFIRST_HTTP_PORT: '0',
        HOMEFIRST_COUNCIL_DROP_DIR: drop,
        HOMEFIRST_COUNCIL_DROP_POLL_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout?.on('data', (data: Buffer) => (logs += data.toString()));
    child.stderr?.on('data', (data: Buffer) => (logs += data.toString()));
    const exited = once(child, 'exit');
    try {
      // The ports are chosen by the OS (0): read them from the start-up lines.
      const portOf = (message: string): number | undefined => {
        for (const line of logs.split('\n')) {
          if (!line.includes(message)) continue;
          const port = (JSON.parse(line) as { port?: number }).port;
          if (port !== undefined) return port;
        }
        return undefined;
      };
      const deadline = Date.now() + 60_000;
      while (
        (portOf('council records endpoint listening') === undefined ||
          portOf('ops server listening') === undefined) &&
        Date.now() < deadline
      ) {
        if (child.exitCode !== null) throw new Error(`serve exited: ${logs}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const api = `http://127.0.0.1:${portOf('council records endpoint listening') ?? 0}`;
      const ops = `http://127.0.0.1:${portOf('ops server listening') ?? 0}`;

      expect((await fetch(`${ops}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${ops}/readyz`)).json()).toMatchObject({
        status: 'ok',
        checks: { kafka: { status: 'ok' }, redis: { status: 'ok' }, registry: { status: 'ok' } },
      });
      const posted = await fetch(`${api}/council/v1/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          recordId: 'SERVE-API-1',
          councilCode: 'E08000012',
          nhsNumber: NHS.margaret,
          event: 'referral_received',
          occurredAt: '2025-01-06T09:30:00Z',
          referralId: 'SERVE-REF-1',
        }),
      });
      expect(posted.status).toBe(200);
      await writeSyntheticCsv(join(drop, 'drop.csv'), 300, { tag: 'SERVE', badEvery: 100 });
      while (!(await exists(join(drop, 'done', 'drop.csv'))) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(await readdir(join(drop, 'done'))).toEqual(['drop.csv', 'drop.csv.errors.jsonl']);
      const metrics = await (await fetch(`${ops}/metrics`)).text();
      expect(metrics).toContain('homefirst_council_records_accepted_total{channel="COUNCIL_API"} 1');
      expect(metrics).toContain('homefirst_council_records_accepted_total{channel="COUNCIL_CSV"} 297');
      expect(metrics).toContain(
        'homefirst_council_records_rejected_total{channel="COUNCIL_CSV",stage="VALIDATE"} 3',
      );
      expect(metrics).toContain('homefirst_council_files_total{outcome="done"} 1');
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(logs).not.toContain(NHS.margaret);
  });
});
