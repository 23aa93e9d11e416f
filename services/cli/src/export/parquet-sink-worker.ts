import { parentPort, workerData } from 'node:worker_threads';
import { localParquetSink, type ParquetSinkOptions, type SinkReply, type SinkRequest } from './parquet-sink';

/** The worker thread of `workerParquetSink`: one local sink, one reply per request, in order. */
const port = parentPort;
if (port === null) throw new Error('parquet-sink-worker runs as a worker thread');
const sink = localParquetSink(workerData as ParquetSinkOptions);
let queue = Promise.resolve();
port.on('message', (request: SinkRequest) => {
  queue = queue.then(async () => {
    let reply: SinkReply;
    try {
      if ('add' in request) {
        await sink.add(request.add);
        reply = { taken: true };
      } else {
        await sink.close();
        reply = { closed: true };
      }
    } catch (error) {
      reply = { error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
