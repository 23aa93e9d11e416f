import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { latencyStats, type LatencyStats } from '@homefirst/testing';
import { MllpClient, type MllpClientTls } from '../mllp/client';

/** What the MLLP benchmarks share: senders, tallies and the connector as its own process. */

/** Latencies and busy time of one side, over its rounds. */
export class Tally {
  readonly latencies: number[] = [];
  seconds = 0;

  stats(): LatencyStats {
    return latencyStats(this.latencies, this.seconds);
  }
}

export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** Runs jobs `from`…`to`-1 with `concurrency` workers, each awaiting its job before taking the next. */
export async function drive(
  from: number,
  to: number,
  concurrency: number,
  job: (index: number, worker: number) => Promise<void>,
  tally?: Tally,
): Promise<void> {
  let next = from;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = next++; index < to; index = next++) {
        const t0 = performance.now();
        await job(index, worker);
        tally?.latencies.push(performance.now() - t0);
      }
    }),
  );
  if (tally) tally.seconds += (performance.now() - started) / 1000;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo; // a TCP listener
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts `homefirst-hl7v2 serve` and resolves once its MLLP port accepts connections. With BENCH_PROFILE_DIR
 * set, the connector writes a V8 CPU profile there when it stops (`--cpu-prof`); BENCH_CONNECTOR_NODE_ARGS adds
 * node flags to its process only (e.g. a V8 heap setting, tried on the connector and not on the baseline).
 */
export async function startConnectorProcess(
  env: NodeJS.ProcessEnv,
  port: number,
  tls: MllpClientTls | undefined,
): Promise<ChildProcess> {
  const bin = join(__dirname, '..', '..', 'bin', 'homefirst-hl7v2.js');
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const nodeArgs = [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(process.env.BENCH_CONNECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the connector exited with ${child.exitCode}`);
    try {
      const probe = await MllpClient.connect(port, '127.0.0.1', tls);
      await probe.close();
      return child;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error('the connector did not start listening within 60 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
