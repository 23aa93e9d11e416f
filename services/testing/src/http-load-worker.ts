import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadRequest, LoadResult } from './http-load';

/** Runs one HTTP load in its own worker thread (http-load.ts), off the measured process's event loop. */
export function httpLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'http-load.js'), { workerData: request });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}
