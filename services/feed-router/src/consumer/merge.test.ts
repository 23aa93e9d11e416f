import type { KafkaMessage } from 'kafkajs';
import { PartitionMerge, type Taken } from './merge';

/** Records at consecutive offsets from `from`, with these Kafka timestamps (ms). */
const records = (from: number, ...timestamps: number[]): KafkaMessage[] =>
  timestamps.map((timestamp, i) => ({
    offset: String(from + i),
    timestamp: String(timestamp),
    key: null,
    value: Buffer.from(`${from + i}`),
    attributes: 0,
    headers: {},
  }));

/** A fetch of `role` handing `list` (the whole batch: none below a mark), with its high watermark. */
const give = (merge: PartitionMerge, role: 'hospital' | 'council', list: KafkaMessage[], hwm: string): void =>
  merge.deliver(role, list, list.at(-1)!.offset, hwm);

const order = (taken: readonly Taken[]): string[] =>
  taken.map(({ role, message }) => `${role[0]}${message.offset}@${message.timestamp}`);

const neither = { hospital: false, council: false };

describe('PartitionMerge', () => {
  it('routes the two inputs in the order their records reached the hub, whichever was fetched first', () => {
    const merge = new PartitionMerge(neither);
    give(merge, 'hospital', records(0, 10, 20, 40, 50), '4');
    // The council side is not known yet: nothing of the hospital side may go before it.
    expect(merge.take()).toEqual([]);
    give(merge, 'council', records(0, 30, 45), '2');
    expect(order(merge.take())).toEqual(['h0@10', 'h1@20', 'c0@30', 'h2@40', 'c1@45', 'h3@50']);
  });

  it('waits for an input known to hold more, and goes on once it is known to hold nothing', () => {
    const merge = new PartitionMerge(neither);
    give(merge, 'hospital', records(0, 10, 20, 30), '10'); // 7 more hospital records in the log
    give(merge, 'council', records(0, 15, 35), '2');
    const first = merge.take();
    // h2@30 goes before c1@35; c1 waits: the hospital side may hold an earlier record still.
    expect(order(first)).toEqual(['h0@10', 'c0@15', 'h1@20', 'h2@30']);
    merge.routed(first);
    expect(merge.holds('council')).toBe(true);
    give(merge, 'hospital', records(3, 32, 40), '5'); // now caught up
    const second = merge.take();
    expect(order(second)).toEqual(['h3@32', 'c1@35', 'h4@40']);
    merge.routed(second);
    expect(merge.holds('hospital') || merge.holds('council')).toBe(false);
  });

  it('gives a tie to the council side, so a cancellation stops what arrived in the same millisecond', () => {
    const merge = new PartitionMerge({ hospital: true, council: true });
    give(merge, 'hospital', records(7, 100), '8');
    give(merge, 'council', records(3, 100), '4');
    expect(order(merge.take())).toEqual(['c3@100', 'h7@100']);
  });

  it('never takes a record again that a fetch made before its commit hands over again', () => {
    const merge = new PartitionMerge({ hospital: true, council: true });
    give(merge, 'council', records(0, 5, 6), '2');
    const taken = merge.take();
    merge.routed(taken);
    // The same fetch position again (it was read before the offsets moved), and one new record.
    give(merge, 'council', records(0, 5, 6, 7), '3');
    expect(order(merge.take())).toEqual(['c2@7']);
  });

  it('keeps the longer run in hand when a fetch hands over fewer records than it holds', () => {
    const merge = new PartitionMerge(neither);
    give(merge, 'council', records(0, 5, 6, 7), '9');
    give(merge, 'council', records(0, 5), '9');
    give(merge, 'hospital', records(0, 8), '1');
    // All three council records were kept; h0@8 then waits for the council side's next fetch.
    expect(order(merge.take())).toEqual(['c0@5', 'c1@6', 'c2@7']);
  });

  it('takes without waiting when forced, then counts the silent side as idle until it is fetched', () => {
    const merge = new PartitionMerge(neither);
    give(merge, 'hospital', records(0, 10, 20), '2');
    expect(merge.take()).toEqual([]);
    const forced = merge.take(true);
    expect(order(forced)).toEqual(['h0@10', 'h1@20']);
    merge.routed(forced, true);
    give(merge, 'hospital', records(2, 30), '3');
    const next = merge.take(); // no wait: the council side counts as idle
    expect(order(next)).toEqual(['h2@30']);
    merge.routed(next);
    // Until it is fetched with more to come: then the hospital side waits for it again.
    give(merge, 'council', records(0, 40), '5');
    give(merge, 'hospital', records(3, 50), '4');
    expect(order(merge.take())).toEqual(['c0@40']);
  });

  it('drops records in hand below the marks read again after a transaction in doubt (it had committed)', () => {
    const merge = new PartitionMerge({ hospital: true, council: true });
    give(merge, 'hospital', records(0, 1, 2, 3), '3');
    give(merge, 'council', records(0, 4), '1');
    merge.skipRouted((role) => (role === 'hospital' ? 2n : undefined));
    expect(order(merge.take())).toEqual(['h2@3', 'c0@4']);
    // A fetch from before the commit hands the routed ones over again: they stay out.
    give(merge, 'hospital', records(0, 1, 2, 3), '3');
    expect(order(merge.take())).toEqual(['h2@3', 'c0@4']);
  });
});
