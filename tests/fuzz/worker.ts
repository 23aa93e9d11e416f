import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzSlowThresholdMs } from '@homefirst/testing';
import type { Edge, Seed } from './corpora';
import { CHECKERS, type Outcome } from './edges';
import { InputSource } from './inputs';

/**
 * One edge's inputs from `from` to `to` (exclusive), in a worker thread so the main thread can stop an
 * input that never finishes (a catastrophic regex holds its thread; only terminating the worker frees it).
 * Posts one InputResult per input, in order, then `{ done: true }`.
 */
export interface WorkerTask {
  readonly edge: Edge;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** The edge's corpus, built once by the main thread (a worker restarted after a hang reuses it). */
  readonly corpus: ReadonlyArray<{ readonly name: string; readonly bytes: Uint8Array }>;
  /** Beyond this, a slow input is not timed again (it is slow whatever the machine is doing). */
  readonly retimeBelowMs: number;
}

export interface InputResult {
  readonly index: number;
  readonly outcome: Outcome | 'slow';
  readonly kind: string;
  readonly ms: number;
  readonly size: number;
}

/** Times an input; a slow one is timed twice more and the fastest counts, so a busy machine is not blamed. */
async function timed(
  run: () => Promise<{ outcome: Outcome; kind: string }>,
  thresholdMs: number,
  retimeBelowMs: number,
) {
  let started = performance.now();
  const answer = await run();
  let ms = performance.now() - started;
  for (let again = 0; again < 2 && ms > thresholdMs && ms < retimeBelowMs; again += 1) {
    started = performance.now();
    await run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { answer, ms };
}

async function main(task: WorkerTask): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('fuzz worker: run as a worker thread');
  // Buffers arrive as plain Uint8Arrays (structured clone): wrap them again without copying.
  const corpus: Seed[] = task.corpus.map(({ name, bytes }) => ({
    name,
    bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  }));
  const source = new InputSource(task.edge, corpus, task.seed);
  const check = CHECKERS[task.edge];
  for (let index = task.from; index < task.to; index += 1) {
    const input = source.at(index);
    const threshold = fuzzSlowThresholdMs(input.bytes.length);
    const { answer, ms } = await timed(() => check(input.bytes, input.base), threshold, task.retimeBelowMs);
    const slow = answer.outcome !== 'crash' && ms > threshold;
    const result: InputResult = {
      index,
      outcome: slow ? 'slow' : answer.outcome,
      kind: slow ? `slow (${answer.outcome}: ${answer.kind})` : answer.kind,
      ms,
      size: input.bytes.length,
    };
    port.postMessage(result);
  }
  port.postMessage({ done: true });
}

void main(workerData as WorkerTask);
