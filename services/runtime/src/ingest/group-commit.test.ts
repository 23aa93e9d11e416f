import { HubError, UnavailableError } from '../errors';
import { EventCodec, hospitalSamples, sampleEvents, InMemoryRegistry } from '@homefirst/schemas';
import type { Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { GroupCommitPublisher, GroupCommitter } from './group-commit';

/** Records every sendBatch; each call's outcome is decided by the test. */
function fakeProducer(
  outcome: (batch: ProducerBatch) => Promise<RecordMetadata[]> = () => Promise.resolve([]),
) {
  const calls: ProducerBatch[] = [];
  // Only sendBatch is used by the publisher; the rest of kafkajs' Producer is not needed here.
  const producer = {
    sendBatch: (batch: ProducerBatch) => (calls.push(batch), outcome(batch)),
  } as unknown as Producer;
  return { producer, calls };
}

const [raw] = sampleEvents['homefirst.raw.v1'];
if (raw === undefined) throw new Error('schemas has no raw sample');
const admitted = hospitalSamples.PatientAdmitted;
const transferred = {
  ...hospitalSamples.PatientTransferred,
  eventId: '0b0c1d3e-5f6a-5b7c-8d9e-0f1a2b3c4d5e',
};
const codec = new EventCodec({ registry: new InMemoryRegistry() });

describe('group commit', () => {
  it('given three messages ready in the same turn, when written, then one request with acks=all, records in order and keyed as the catalogue says; each resolves only once it is acknowledged', async () => {
    let acknowledge: (() => void) | undefined;
    const { producer, calls } = fakeProducer(
      () =>
        new Promise((resolve) => {
          acknowledge = () => resolve([]);
        }),
    );
    const publisher = new GroupCommitPublisher({ producer, codec, topicPrefix: 't.', timeoutMs: 5_000 });
    const settled: string[] = [];
    const writes = [
      publisher.write({ raw, hospital: [admitted] }).then(() => settled.push('first')),
      publisher.write({ hospital: [transferred] }).then(() => settled.push('second')),
      publisher.write({ raw }).then(() => settled.push('third')),
    ];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toHaveLength(1);
    expect(settled).toEqual([]);
    const [call] = calls;
    expect(call?.acks).toBe(-1);
    expect(call?.topicMessages?.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ['t.homefirst.raw.v1', [raw.source.orgCode, raw.source.orgCode]],
      ['t.homefirst.hospital.events.v1', [admitted.personKey, transferred.personKey]],
    ]);
    expect(call?.topicMessages?.[1]?.messages[0]?.headers).toEqual({
      eventId: admitted.eventId,
      type: 'PatientAdmitted',
      correlationId: admitted.correlationId,
    });
    acknowledge?.();
    await Promise.all(writes);
    expect(settled.sort()).toEqual(['first', 'second', 'third']);
  });

  it('given Kafka is unavailable, when a group is written, then every message of it fails retriably (AR)', async () => {
    const down = new UnavailableError('Kafka did not acknowledge the write', { dependency: 'kafka' });
    const { producer } = fakeProducer(() => Promise.reject(down));
    const publisher = new GroupCommitPublisher({ producer, codec, timeoutMs: 5_000 });
    const results = await Promise.allSettled([
      publisher.write({ hospital: [admitted] }),
      publisher.write({ hospital: [transferred] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('given one record the broker refuses, when its group fails, then each message is sent alone and only that one fails', async () => {
    const refused = new HubError('Kafka rejected the record', {
      code: 'KAFKA_RECORD_REJECTED',
      retriable: false,
    });
    const { producer, calls } = fakeProducer((batch) =>
      batch.topicMessages?.some((t) => t.messages.some((m) => m.headers?.eventId === transferred.eventId))
        ? Promise.reject(refused)
        : Promise.resolve([]),
    );
    const publisher = new GroupCommitPublisher({ producer, codec, timeoutMs: 5_000 });
    const results = await Promise.allSettled([
      publisher.write({ hospital: [admitted] }),
      publisher.write({ hospital: [transferred] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(calls).toHaveLength(3);
  });

  it('given more messages than a group holds, when written, then several requests', async () => {
    const { producer, calls } = fakeProducer();
    const publisher = new GroupCommitPublisher({ producer, codec, timeoutMs: 5_000, maxGroup: 2 });
    await Promise.all([1, 2, 3, 4, 5].map(() => publisher.write({ hospital: [admitted] })));
    expect(calls.map((c) => c.topicMessages?.[0]?.messages.length)).toEqual([2, 2, 1]);
  });

  it('given one request in flight at most, when callers arrive while it is unacknowledged, then they wait and go together in the next request', async () => {
    const acknowledgements: (() => void)[] = [];
    const { producer, calls } = fakeProducer(
      () => new Promise((resolve) => acknowledgements.push(() => resolve([]))),
    );
    const committer = new GroupCommitter({ producer, timeoutMs: 5_000, maxInFlight: 1 });
    const records = (key: string) => [{ topic: 'audit', messages: [{ key, value: key }] }];
    const settled: string[] = [];
    const first = committer.commit(records('a')).then(() => settled.push('a'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = ['b', 'c', 'd'].map((key) => committer.commit(records(key)).then(() => settled.push(key)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toHaveLength(1);
    acknowledgements[0]?.();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls.map((c) => c.topicMessages?.[0]?.messages.map((m) => m.key))).toEqual([
      ['a'],
      ['b', 'c', 'd'],
    ]);
    expect(settled).toEqual(['a']);
    acknowledgements[1]?.();
    await Promise.all(later);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('given callers whose records together exceed the byte limit, when written, then each request stays within it and a caller over it goes alone', async () => {
    const { producer, calls } = fakeProducer();
    const committer = new GroupCommitter({ producer, timeoutMs: 5_000, maxGroupBytes: 1_000 });
    const records = (key: string, bytes: number) => [
      { topic: 'raw', messages: [{ key, value: Buffer.alloc(bytes) }] },
    ];
    await Promise.all([
      committer.commit(records('a', 400)),
      committer.commit(records('b', 400)),
      committer.commit(records('c', 400)),
      committer.commit(records('d', 5_000)),
      committer.commit(records('e', 100)),
    ]);
    expect(calls.map((c) => c.topicMessages?.[0]?.messages.map((m) => m.key))).toEqual([
      ['a', 'b'],
      ['c'],
      ['d'],
      ['e'],
    ]);
  });
});
