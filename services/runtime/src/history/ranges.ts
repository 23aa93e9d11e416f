/** The offsets of one partition that a history read covers: [start, end). */
export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  /** First offset to read (kafkajs decimal string). */
  readonly start: string;
  /** The end mark: the high watermark when the read started; this offset is not read. */
  readonly end: string;
  readonly count: number;
}

interface Marks {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

interface Start {
  readonly partition: number;
  readonly offset: string;
}

/**
 * The range of each partition from its watermarks and, for a read from an instant, the offsets Kafka found
 * for it. Kafka answers -1 (or the high mark) for a partition with nothing at or after the instant: empty.
 * A start below the low mark (records deleted by retention since) is moved up to it.
 */
export function partitionRanges(
  topic: string,
  marks: readonly Marks[],
  starts?: readonly Start[],
): PartitionRange[] {
  const startOf = new Map(starts?.map((start) => [start.partition, BigInt(start.offset)]));
  return [...marks]
    .sort((a, b) => a.partition - b.partition)
    .map(({ partition, low, high }) => {
      const lowMark = BigInt(low);
      const end = BigInt(high);
      const found = startOf.get(partition);
      let start = starts === undefined ? lowMark : (found ?? end);
      if (start < 0n || start > end) start = end;
      if (start < lowMark) start = lowMark;
      return { topic, partition, start: String(start), end: String(end), count: Number(end - start) };
    });
}
