import { createLogger, MemoryMessageDedupe, type PublishBatch } from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import { CouncilIngest } from '../pipeline/council-ingest';
import { MemoryOrderStore } from '../pipeline/order-store';

/** Test doubles for pure tests of the pipeline's logic (stack tests use the real Kafka and Redis). */
export const TEST_SECRET = 'council-connector-test-secret-at-least-32-bytes';

/** Captures what would be published; `failOn` makes the n-th publish (1-based) fail with the given error. */
export class CapturingPublisher {
  readonly batches: PublishBatch[] = [];
  calls = 0;
  failOn: { readonly call: number; readonly error: Error } | undefined;

  readonly publish = (batch: PublishBatch): Promise<void> => {
    this.calls += 1;
    if (this.failOn !== undefined && this.calls === this.failOn.call)
      return Promise.reject(this.failOn.error);
    this.batches.push(batch);
    return Promise.resolve();
  };

  get events() {
    return this.batches.flatMap((batch) => batch.council ?? []);
  }
  get deadLetters() {
    return this.batches.flatMap((batch) => batch.deadLetters ?? []);
  }
  get raws() {
    return this.batches.flatMap((batch) => (batch.raw ? [batch.raw] : []));
  }
}

export function memoryIngest(now = new Date('2025-07-01T12:00:00Z')) {
  const publisher = new CapturingPublisher();
  const dedupe = new MemoryMessageDedupe();
  const orderStore = new MemoryOrderStore();
  const ingest = new CouncilIngest({
    publish: publisher.publish,
    dedupe,
    orderStore,
    personKeyOf: createPersonKeyer(TEST_SECRET),
    logger: createLogger({ name: 'council-test', level: 'silent' }),
    clock: () => now,
  });
  return { ingest, publisher, dedupe, orderStore };
}
