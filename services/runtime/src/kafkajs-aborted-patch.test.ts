/**
 * patches/kafkajs+2.2.4.patch, part 9 (patches/README.md): kafkajs's read_committed filter takes a fetch's
 * aborted transactions in first-offset order, and every one begun by a message, as the Java client does. The
 * broker lists them in the order they were aborted. The first three tests fail on kafkajs as released; the
 * real-broker case is kafkajs-aborted-patch.int.test.ts.
 */

// kafkajs's internal module (no types; the shapes used are the ones below).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages') as (input: {
  messages: readonly FetchedRecord[];
  abortedTransactions: ReadonlyArray<{ producerId: string; firstOffset: string }>;
}) => FetchedRecord[];

interface FetchedRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly isControlRecord: boolean;
  readonly batchContext: { readonly producerId: string; readonly inTransaction: boolean };
}

const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);

/** A partition's log: `[producer, what]` per offset from `first`; what is a value, or 'ABORT' / 'COMMIT'. */
const log = (first: number, entries: ReadonlyArray<readonly [string, string]>): FetchedRecord[] =>
  entries.map(([producerId, what], i) => {
    const marker = what === 'ABORT' ? ABORT : what === 'COMMIT' ? COMMIT : undefined;
    return {
      offset: String(first + i),
      key: marker ?? Buffer.from('k'),
      value: marker === undefined ? Buffer.from(what) : null,
      isControlRecord: marker !== undefined,
      batchContext: { producerId, inTransaction: true },
    };
  });

const values = (records: readonly FetchedRecord[]): string[] =>
  records.filter((r) => !r.isControlRecord).map((r) => r.value?.toString() ?? '');

describe('kafkajs read_committed filter (patched)', () => {
  it('given aborted transactions listed in abort order, not first-offset order, then none of their records pass', () => {
    const messages = log(0, [
      ['1', 'a0'],
      ['2', 'b0'],
      ['3', 'c0'],
      ['1', 'a1'],
      ['2', 'b1'],
      ['3', 'c1'],
      ['2', 'ABORT'],
      ['1', 'ABORT'],
      ['3', 'COMMIT'],
    ]);
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: '2', firstOffset: '1' }, // aborted first
        { producerId: '1', firstOffset: '0' },
      ],
    });
    expect(values(kept)).toEqual(['c0', 'c1']);
  });

  it('given a fetch beginning inside two aborted transactions, then records of both are dropped from its first record', () => {
    // The fetch starts at offset 10; both transactions began before it.
    const messages = log(10, [
      ['2', 'b5'],
      ['1', 'a5'],
      ['3', 'c5'],
      ['1', 'ABORT'],
      ['2', 'ABORT'],
      ['3', 'COMMIT'],
    ]);
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: '1', firstOffset: '2' },
        { producerId: '2', firstOffset: '3' },
      ],
    });
    expect(values(kept)).toEqual(['c5']);
  });

  it('given one producer aborting, committing, then aborting again, then only its committed transaction passes', () => {
    const messages = log(0, [
      ['1', 'x0'],
      ['1', 'ABORT'],
      ['1', 'y0'],
      ['1', 'COMMIT'],
      ['1', 'z0'],
      ['1', 'ABORT'],
    ]);
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: '1', firstOffset: '4' },
        { producerId: '1', firstOffset: '0' },
      ],
    });
    expect(values(kept)).toEqual(['y0']);
  });

  it('given no aborted transactions, then every record passes', () => {
    const messages = log(0, [
      ['1', 'x0'],
      ['1', 'COMMIT'],
    ]);
    expect(filterAbortedMessages({ messages, abortedTransactions: [] })).toHaveLength(2);
  });
});
