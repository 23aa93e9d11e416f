import { createTopicsAndWait, withAdmin } from '@homefirst/runtime';
import { HubStack, uniqueName } from '@homefirst/testing';
import type { Producer } from 'kafkajs';
import { connectTransactional } from './transaction';

// A partition's new owner connects its producer before it reads the state topic: the connect must have fenced
// the previous producer of the transactional id and settled its transaction, or the read can stop short of
// what was committed (kill.disruptive.int.test.ts). Seen from outside: right after connectTransactional, the
// last stable offset of a partition the old producer had an open transaction on is past that transaction.

describe('connectTransactional (real Kafka)', () => {
  const stack = new HubStack('it-txn-connect');
  const topic = uniqueName('it-txn-connect');
  const producers: Producer[] = [];

  beforeAll(async () => {
    await stack.start({ partitions: 1 });
    await withAdmin(stack.kafka, (admin) => createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]));
  });

  afterAll(async () => {
    for (const producer of producers) await producer.disconnect().catch(() => undefined);
    await withAdmin(stack.kafka, (admin) => admin.deleteTopics({ topics: [topic] }).catch(() => undefined));
    await stack.stop();
  });

  /** The partition's last stable offset: what a read_committed reader may read up to (kafkajs's admin lists it). */
  const stable = async (): Promise<number> => {
    const [end] = await withAdmin(stack.kafka, (admin) => admin.fetchTopicOffsets(topic));
    return Number(end?.offset);
  };

  it('given an open transaction of the id, when the next producer connects, then that transaction is aborted before the connect resolves', async () => {
    const id = uniqueName('it-txn-connect-id');
    const old = await connectTransactional(stack.kafka, id);
    producers.push(old);
    const open = await old.transaction();
    await open.send({ topic, acks: -1, messages: [{ key: 'k', value: 'open' }] });
    // The open transaction holds the stable offset at its first record.
    expect(await stable()).toBe(0);

    const next = await connectTransactional(stack.kafka, id);
    producers.push(next);

    // Aborted, its marker written: the stable offset is past the record and the abort marker.
    expect(await stable()).toBe(2);
    // The old producer is fenced: its transaction cannot commit.
    await expect(open.commit()).rejects.toThrow();
  });
});
