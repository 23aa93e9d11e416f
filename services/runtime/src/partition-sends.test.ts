import fc from 'fast-check';
import { Partitioners, type Message, type PartitionMetadata } from 'kafkajs';
import { byPartition, partitionOf } from './partition-sends';

/** What kafkajs's own producer asks its partitioner, with the metadata of a live topic of `count` partitions. */
const kafkajsChoice = (topic: string, message: Message, count: number): number =>
  Partitioners.DefaultPartitioner()({
    topic,
    message,
    partitionMetadata: Array.from({ length: count }, (_, partitionId): PartitionMetadata => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 1 + (partitionId % 3),
      replicas: [1, 2, 3],
      isr: [1, 2, 3],
    })),
  });

describe('partitionOf', () => {
  it('given a keyed record, then the partition is the one the producer would choose (murmur2 of the key)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 64 }), (key, count) => {
        const message = { key, value: 'v' };
        expect(partitionOf('t', message, count)).toBe(kafkajsChoice('t', message, count));
      }),
    );
  });

  it('given a record naming its partition, then that partition', () => {
    expect(partitionOf('t', { key: 'k', value: 'v', partition: 4 }, 6)).toBe(4);
  });

  it('given a record with neither key nor partition, then it is refused (the hub keys every record)', () => {
    expect(() => partitionOf('t', { value: 'v' }, 6)).toThrow(/neither key nor partition/);
  });
});

describe('byPartition', () => {
  const records = fc.array(
    fc.record({
      topic: fc.constantFrom('a', 'b', 'c'),
      key: fc.string({ minLength: 1, maxLength: 8 }),
      partition: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    }),
    { maxLength: 60 },
  );

  it('puts every record in exactly one group of one topic partition, in the order given within it', () => {
    fc.assert(
      fc.property(records, (list) => {
        const topicRecords = ['a', 'b', 'c'].map((topic) => ({
          topic,
          messages: list
            .map((r, i) => ({ ...r, i }))
            .filter((r) => r.topic === topic)
            .map(({ key, partition, i }): Message => ({
              key,
              value: String(i),
              ...(partition !== undefined && { partition }),
            })),
        }));
        const groups = byPartition(topicRecords, () => 3);
        const sent = groups.flatMap((g) => g.messages.map((m) => ({ ...g, m })));
        expect(sent.map(({ m }) => Number(m.value)).sort((x, y) => x - y)).toEqual(list.map((_, i) => i));
        for (const { topic, partition, m } of sent) {
          expect(m.partition).toBe(partition);
          const original = list[Number(m.value)]!;
          expect(topic).toBe(original.topic);
          expect(partition).toBe(
            original.partition ?? kafkajsChoice(topic, { key: original.key, value: null }, 3),
          );
        }
        for (const group of groups) {
          const order = group.messages.map((m) => Number(m.value));
          expect(order).toEqual([...order].sort((x, y) => x - y));
        }
        expect(new Set(groups.map((g) => `${g.topic}/${g.partition}`)).size).toBe(groups.length);
      }),
    );
  });

  it('asks for the partition count only of topics with a record not naming its partition', () => {
    const asked: string[] = [];
    byPartition(
      [
        { topic: 'named', messages: [{ key: 'k', value: 'v', partition: 1 }] },
        {
          topic: 'keyed',
          messages: [
            { key: 'k', value: 'v' },
            { key: 'l', value: 'w' },
          ],
        },
      ],
      (topic) => {
        asked.push(topic);
        return 6;
      },
    );
    expect(asked).toEqual(['keyed']);
  });
});
