import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ReadableStream, type ReadableStreamDefaultController, type WritableStream } from 'node:stream/web';
import { Worker } from 'node:worker_threads';
import {
  Compression,
  Table as WasmTable,
  WriterPropertiesBuilder,
  transformParquetStream,
  type RecordBatch as WasmRecordBatch,
} from 'parquet-wasm';

/**
 * Where a parquet export's row groups go, each as one Arrow IPC stream: encoded (Snappy) by parquet-wasm
 * and streamed to the file. `add` resolves once the batch is taken, with at most one more waiting, so
 * memory stays at a few row groups whatever the topic's length.
 */
export interface ParquetSink {
  add(ipc: Uint8Array): Promise<void>;
  /** Ends the file (footer written, file closed). */
  close(): Promise<void>;
}

export interface ParquetSinkOptions {
  readonly path: string;
  readonly rowGroupSize: number;
}

/** The sink in this thread: parquet-wasm's streaming writer fed one record batch at a time. */
export function localParquetSink(options: ParquetSinkOptions): ParquetSink {
  let controller: ReadableStreamDefaultController<WasmRecordBatch> | undefined;
  let pulled: (() => void) | undefined;
  let failure: Error | undefined;
  const batches = new ReadableStream<WasmRecordBatch>(
    {
      start: (c) => {
        controller = c;
      },
      pull: () => {
        pulled?.();
        pulled = undefined;
      },
    },
    { highWaterMark: 1 },
  );
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .setMaxRowGroupSize(options.rowGroupSize)
    .build();
  const file = Writable.toWeb(createWriteStream(options.path, { flags: 'wx' })) as WritableStream<Uint8Array>;
  const piped = transformParquetStream(batches as unknown as globalThis.ReadableStream, properties)
    .then((bytes) => (bytes as unknown as ReadableStream<Uint8Array>).pipeTo(file))
    .catch((error: unknown) => {
      failure = error instanceof Error ? error : new Error(`the parquet writer failed: ${String(error)}`);
    });
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure;
  };
  return {
    add: async (ipc) => {
      throwIfFailed();
      const table = WasmTable.fromIPCStream(ipc);
      try {
        for (const batch of table.recordBatches()) {
          if ((controller?.desiredSize ?? 0) <= 0)
            await Promise.race([new Promise<void>((resolve) => (pulled = resolve)), piped]);
          throwIfFailed();
          controller?.enqueue(batch);
        }
      } finally {
        table.free();
      }
    },
    close: async () => {
      throwIfFailed();
      controller?.close();
      await piped;
      throwIfFailed();
    },
  };
}

/** Messages between a worker sink and its thread. */
export type SinkRequest = { readonly add: Uint8Array } | { readonly close: true };
export type SinkReply = { readonly taken: true } | { readonly closed: true } | { readonly error: string };

const WORKER_FILE = join(__dirname, 'parquet-sink-worker.js');

/**
 * The sink in a worker thread, so that parquet encoding runs on a second core while this thread decodes
 * the next row group. Batches cross as transferred IPC buffers (no copy). One batch may be in the worker
 * while the next is built; `add` waits for the one before.
 */
export function workerParquetSink(options: ParquetSinkOptions): ParquetSink {
  const worker = new Worker(WORKER_FILE, { workerData: options });
  let failure: Error | undefined;
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let inFlight = false;
  const settle = (error?: Error): void => {
    const waiter = waiting;
    waiting = undefined;
    inFlight = false;
    if (error !== undefined) failure ??= error;
    if (waiter === undefined) return;
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  };
  worker.on('message', (reply: SinkReply) => {
    if ('error' in reply) settle(new Error(reply.error));
    else settle();
  });
  worker.on('error', (error) => settle(error));
  worker.on('exit', (code) => {
    if (inFlight) settle(new Error(`the parquet encoder stopped (exit code ${code})`));
  });
  const reply = (): Promise<void> =>
    inFlight ? new Promise<void>((resolve, reject) => (waiting = { resolve, reject })) : Promise.resolve();
  const post = (request: SinkRequest, transfer: ArrayBuffer[] = []): void => {
    if (failure !== undefined) throw failure;
    inFlight = true;
    worker.postMessage(request, transfer);
  };
  return {
    add: async (ipc) => {
      await reply();
      const owned = ipc.byteOffset === 0 && ipc.byteLength === ipc.buffer.byteLength ? ipc : ipc.slice();
      post({ add: owned }, [owned.buffer as ArrayBuffer]);
    },
    close: async () => {
      try {
        await reply();
        post({ close: true });
        await reply();
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** The worker sink when this module runs compiled (the worker is a built file), else the local one. */
export function openParquetSink(options: ParquetSinkOptions): ParquetSink {
  return __filename.endsWith('.js') && existsSync(WORKER_FILE)
    ? workerParquetSink(options)
    : localParquetSink(options);
}
