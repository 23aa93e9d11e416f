import type { BatchContext, InboundItem, ItemOutcome } from '../pipeline/batch';
import type { CouncilIngest, PreparedBatch } from '../pipeline/council-ingest';
import type { IngestCounts } from './checkpoint';
import type { ReportLine } from './error-report';

/** Rows of a CSV file written together: their items and raw lines (the chunk's raw copy). */
export interface Chunk {
  readonly items: InboundItem[];
  readonly lines: string[];
  bytes: number;
}

export const emptyChunk = (): Chunk => ({ items: [], lines: [], bytes: 0 });

interface Pending {
  readonly lastRow: number;
  readonly prepared: PreparedBatch;
  readonly written: Promise<readonly ItemOutcome[]>;
  settled: boolean;
}

export interface ChunkWriterOptions {
  readonly ingest: CouncilIngest;
  /** Writes awaiting Kafka's acknowledgement at once. */
  readonly maxInFlight: number;
  /** Tallied as writes settle, in file order. */
  readonly counts: IngestCounts;
  /** The report line of a rejected row. */
  readonly rejectionLine: (outcome: Extract<ItemOutcome, { status: 'rejected' }>) => ReportLine;
  readonly contextOf: (chunk: Chunk, first: InboundItem, last: InboundItem) => BatchContext;
  /** After a chunk's outcomes are counted and its report lines written: every row up to `lastRow` is done. */
  readonly onSettled: (lines: readonly ReportLine[], lastRow: number) => Promise<void>;
}

/**
 * Writes a file's chunks durably with a bounded number in flight, and settles them in file order.
 * The first failure stops further sends; it is kept in `failure` for the caller to throw.
 */
export class ChunkWriter {
  private readonly pending: Pending[] = [];
  private readonly inFlight = new Set<string>();
  private firstFailure: unknown;

  constructor(private readonly options: ChunkWriterOptions) {}

  get failure(): unknown {
    return this.firstFailure;
  }

  /** Remembers a failure unless an earlier one is already kept. */
  fail(err: unknown): void {
    this.firstFailure ??= err;
  }

  /** Takes finished writes off the front of the queue, in file order: report lines, counts, checkpoint. */
  async settleFront(): Promise<void> {
    while (this.pending[0]?.settled === true) {
      const done = this.pending.shift() as Pending; // checked just above
      const outcomes = await done.written;
      await this.options.onSettled(this.tally(outcomes), done.lastRow);
    }
  }

  async send(chunk: Chunk): Promise<void> {
    const firstItem = chunk.items[0];
    const lastItem = chunk.items[chunk.items.length - 1];
    if (firstItem === undefined || lastItem === undefined) return;
    while (this.pending.length >= this.options.maxInFlight && this.firstFailure === undefined) {
      await this.waitForFront();
    }
    if (this.firstFailure !== undefined) return;
    const context = this.options.contextOf(chunk, firstItem, lastItem);
    const prepared = await this.options.ingest.prepare(chunk.items, context, this.inFlight);
    const entry: Pending = {
      lastRow: lastItem.position,
      prepared,
      written: this.options.ingest.commit(prepared).finally(() => {
        for (const key of prepared.inFlightKeys) this.inFlight.delete(key);
        entry.settled = true;
      }),
      settled: false,
    };
    // Failures are collected when the entry reaches the front; avoid an unhandled rejection meanwhile.
    entry.written.catch(() => undefined);
    this.pending.push(entry);
  }

  /** Waits for every write under way and settles it; after a failed write nothing later counts as done. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const front = this.pending[0];
      if (front === undefined) break;
      try {
        await front.written;
        await this.settleFront();
      } catch (err) {
        this.fail(err);
        // Nothing after a failed write counts as done: a resumed run starts at its first row.
        this.pending.length = 0;
      }
    }
  }

  private async waitForFront(): Promise<void> {
    const front = this.pending[0];
    if (front === undefined) return;
    try {
      await front.written;
    } catch (err) {
      this.fail(err);
    }
    await this.settleFront();
  }

  /** Counts a chunk's outcomes; the report lines of its rejected rows. */
  private tally(outcomes: readonly ItemOutcome[]): ReportLine[] {
    const { counts } = this.options;
    const lines: ReportLine[] = [];
    for (const outcome of outcomes) {
      switch (outcome.status) {
        case 'accepted':
          counts.accepted += 1;
          if (outcome.flags.length > 0) counts.flagged += 1;
          break;
        case 'duplicate':
          counts.duplicates += 1;
          break;
        case 'rejected':
          counts.rejected += 1;
          lines.push(this.options.rejectionLine(outcome));
          break;
        default:
          outcome satisfies never;
      }
    }
    return lines;
  }
}
