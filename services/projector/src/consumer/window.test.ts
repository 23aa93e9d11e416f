import { PersonStory, testNhsNumber } from '../testing/corpus';
import { PendingWindow, splitWindow } from './window';

const event = new PersonStory(testNhsNumber(1)).admitted('2025-03-01T10:00:00Z');
const messages = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ offset: from + i, event, timestamp: 0 }));

describe('pending window', () => {
  it('given batches of two partitions, then it holds them per partition and counts every message', () => {
    const window = new PendingWindow();
    window.add('h', 0, messages(0, 3), 0);
    window.add('c', 0, messages(10, 2), 0);
    window.add('h', 0, messages(3, 2), 0);
    expect(window.size).toBe(7);
    expect(window.firstOffsets()).toEqual([
      { topic: 'h', partition: 0, offset: 0 },
      { topic: 'c', partition: 0, offset: 10 },
    ]);
    const [only] = window.take(100);
    expect(only?.map((part) => [part.topic, part.messages.map((m) => m.offset)])).toEqual([
      ['h', [0, 1, 2, 3, 4]],
      ['c', [10, 11]],
    ]);
    expect(window.size).toBe(0);
  });

  it('given a batch re-fetched from an earlier offset (after a seek), then it replaces what was held from there on', () => {
    const window = new PendingWindow();
    window.add('h', 1, messages(0, 5), 0);
    window.add('h', 1, messages(2, 4), 0);
    expect(window.size).toBe(6);
    expect(window.take(100)[0]?.[0]?.messages.map((m) => m.offset)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('splits into transactions of at most max messages, a partition across two in offset order', () => {
    const split = splitWindow(
      [
        { topic: 'h', partition: 0, messages: messages(0, 5), startIfNone: 0 },
        { topic: 'c', partition: 0, messages: messages(0, 2), startIfNone: 0 },
      ],
      4,
    );
    expect(
      split.map((transaction) =>
        transaction.map((p) => `${p.topic}:${p.messages.map((m) => m.offset).join(',')}`),
      ),
    ).toEqual([['h:0,1,2,3'], ['h:4', 'c:0,1']]);
  });
});

describe('pending window, aligned', () => {
  const stamped = (from: number, count: number, timestamp: number) =>
    Array.from({ length: count }, (_, i) => ({ offset: from + i, event, timestamp }));

  it('given both topics of a partition far behind, then it takes only what both reached and holds the rest', () => {
    const window = new PendingWindow();
    window.add('h', 0, [...stamped(0, 2, 100), ...stamped(2, 2, 200)], 0, true);
    window.add('c', 0, [...stamped(0, 1, 100), ...stamped(1, 1, 300)], 0, true);
    expect(window.farBehind).toBe(true);
    const [transaction] = window.takeAligned(1_000);
    // Both reached 200 (hospital's last); strictly before it: the records of 100.
    expect(transaction?.map((p) => `${p.topic}:${p.messages.map((m) => m.offset).join(',')}`)).toEqual([
      'h:0,1',
      'c:0',
    ]);
    expect(window.size).toBe(3);
  });

  it('given a partition far behind whose other topic was never read, then it is held until the window is too big', () => {
    const window = new PendingWindow();
    window.add('h', 1, stamped(0, 3, 100), 0, true);
    expect(window.takeAligned(10)).toEqual([]);
    window.add('h', 1, stamped(3, 30, 200), 0, true);
    expect(window.takeAligned(10)[0]?.[0]?.messages).toHaveLength(33);
    expect(window.size).toBe(0);
  });

  it('given a partition with no topic far behind, then it is never held for alignment', () => {
    const window = new PendingWindow();
    window.add('h', 2, stamped(0, 2, 500), 0, false);
    window.add('h', 3, stamped(0, 2, 100), 0, true);
    window.add('c', 3, stamped(0, 2, 100), 0, true);
    expect(window.takeAligned(1_000)[0]?.map((p) => `${p.topic}${p.partition}:${p.messages.length}`)).toEqual(
      ['h2:2'],
    );
  });
});
