import { readHistory, type HistoryReader, type HistoryRecord, type Logger } from '@homefirst/runtime';
import { historyGroupOf } from './settings';
import type { EventCodec } from '@homefirst/schemas';
import type { Kafka, Message, Producer } from 'kafkajs';
import { feedTemplateOf } from '../routing/feed-event';
import { forgetDropped, keepsEvent } from '../routing/kept';
import { route } from '../routing/route';
import { EMPTY_ROUTING, type PersonRouting } from '../routing/state';
import { NOT_LOADED, type SourceDecoder } from './decoder';
import { feedMessage, feedMessageNow } from './feed-message';
import { KeptEvents } from './kept-events';
import { recordBackfilled } from './metrics';
import type { InputRole } from './marks';
import { planServing, servedRecord, type Served } from './served';
import type { RouterTopics } from './topics';
import { commitRecords } from './transaction';

/** Feed records per backfill transaction: each commits with how far the backfill got (its `@served` record). */
const RECORDS_PER_TRANSACTION = 5_000;
const HEARTBEAT_EVERY_MS = 2_000;
/** A backfill routes a fetched batch without I/O; it gives the event loop a turn this often. */
const YIELD_EVERY_MS = 50;

export interface Backfill {
  readonly kafka: Kafka;
  /** The router's group id: the backfill reads history in groups under it (settings.ts historyGroupOf). */
  readonly groupId: string;
  readonly logger: Logger;
  readonly codec: EventCodec;
  readonly decoder: SourceDecoder;
  readonly topics: RouterTopics;
  /** The partition's transactional producer (it has fenced the partition's previous owner). */
  readonly producer: Producer;
  readonly partition: number;
  /** Feed topics co-partitioned with the inputs (records go to the same partition number). */
  readonly copartitioned: ReadonlySet<string>;
  /** Per input, the offset below which the partition was routed (its mark): the backfill ends there. */
  readonly ends: Readonly<Record<InputRole, bigint>>;
  /** The councils to backfill, each with how many of its feed events an earlier, interrupted backfill wrote. */
  readonly councils: ReadonlyMap<string, number>;
  /** The partition's `@served` record once done. */
  readonly done: Served;
  /**
   * The router's group heartbeat, sent every HEARTBEAT_EVERY_MS while the backfill runs (it holds up the
   * batch that triggered the restore); it throws when the group rebalances, which stops the backfill.
   */
  readonly heartbeat: () => Promise<void>;
}

/** A partition at its restore: its `@served` record as stored, and its inputs' marks (undefined: none). */
export type Serving = Omit<Backfill, 'ends' | 'councils' | 'done'> & {
  readonly stored: Served | undefined;
  readonly marks: Readonly<Record<InputRole, bigint | undefined>>;
};

/**
 * At a restore of a partition: backfills the councils this router serves that it was not routed for (added
 * since; planServing) and brings its `@served` record up to date. Returns the feed events backfilled.
 */
export async function serveCouncils(work: Serving): Promise<number> {
  const { hospital, council } = work.marks;
  const serving = [...work.topics.feeds.keys()];
  const plan = planServing(work.stored, serving, hospital !== undefined || council !== undefined);
  if (plan.record === undefined) return 0;
  if (plan.backfill.size === 0) {
    const record = servedRecord(work.partition, plan.record);
    await commitRecords(work.producer, [{ topic: work.topics.state, messages: [record] }]);
    return 0;
  }
  const ends = { hospital: hospital ?? 0n, council: council ?? 0n };
  return backfillCouncils({ ...work, ends, councils: plan.backfill, done: plan.record });
}

/**
 * Sends councils added to a router that had routed (served.ts) what a fresh routing of the partition would
 * have sent them up to where the router is: the partition's hospital and council records below their marks,
 * read again from Kafka in the live router's order (merged by record timestamp, ties to the council side:
 * merge.ts), routed from an empty state with the pure `route`, and the feed events of those councils written
 * in transactions of RECORDS_PER_TRANSACTION, each with the partition's `@served` record saying how many of
 * each council's events are written. A backfill stopped mid-way (a restart, a rebalance) starts again from
 * the start and skips that many: routing is deterministic, so they are the same events. It runs at the
 * restore, before the partition's next batch, so each person's feed stays in order; the live router's
 * state already counts those events as sent, so nothing goes twice. Returns the feed events written.
 */
export async function backfillCouncils(work: Backfill): Promise<number> {
  const { topics, partition, councils, logger } = work;
  const started = Date.now();
  const readers = {
    hospital: sideOf(work, 'hospital'),
    council: sideOf(work, 'council'),
  };
  const states = new Map<string, PersonRouting>();
  const kept = new KeptEvents(work.decoder, work);
  const counted = new Map<string, number>();
  let pending = new Map<string, Message[]>();
  let pendingCount = 0;
  let written = 0;
  const flush = async (done: boolean): Promise<void> => {
    const served: Served = done
      ? work.done
      : {
          councils: work.done.councils.filter((c) => !councils.has(c)),
          backfill: Object.fromEntries([...councils.keys()].map((c) => [c, counted.get(c) ?? 0])),
        };
    const records = [...pending].map(([topic, messages]) => ({ topic, messages }));
    records.push({ topic: topics.state, messages: [servedRecord(partition, served)] });
    await commitRecords(work.producer, records);
    recordBackfilled(pending);
    written += pendingCount;
    if (!done) logger.info({ partition, feedEvents: written }, 'feed router backfill: written so far');
    pending = new Map();
    pendingCount = 0;
  };
  try {
    await Promise.all([readers.hospital.start(), readers.council.start()]);
    let beat = Date.now();
    let yielded = beat;
    for (;;) {
      if (Date.now() - yielded >= YIELD_EVERY_MS) {
        // Records in hand resolve without I/O: let the ops port (/healthz) and the group's timers run.
        await new Promise((resolve) => setImmediate(resolve));
        yielded = Date.now();
      }
      if (Date.now() - beat >= HEARTBEAT_EVERY_MS) {
        await work.heartbeat();
        beat = Date.now();
      }
      const next = await nextOf(readers.hospital, readers.council);
      if (next === undefined) break;
      const { role, record } = next;
      const { value } = record;
      if (value === null) continue;
      // Without a promise once the writer's schema is cached, as the live router decodes.
      const now = work.decoder.decodeNow(topics[role], partition, record);
      const event = now === NOT_LOADED ? await work.decoder.decode(topics[role], partition, record) : now;
      if (event === undefined) continue;
      const before = states.get(event.personKey) ?? EMPTY_ROUTING;
      const routed = route(before, event, record.offset);
      if (routed.state !== before) {
        states.set(event.personKey, routed.state);
        if (keepsEvent(routed.state, event.eventId)) kept.keep(event.eventId, value);
        const forget: string[] = [];
        forgetDropped(before, routed.state, forget);
        for (const id of forget) kept.forget(id);
      }
      for (const order of routed.feed) {
        const skip = councils.get(order.laCode);
        const topic = topics.feeds.get(order.laCode);
        if (skip === undefined || topic === undefined) continue;
        const n = (counted.get(order.laCode) ?? 0) + 1;
        counted.set(order.laCode, n);
        if (n <= skip) continue;
        const template =
          order.sourceEventId === event.eventId
            ? feedTemplateOf(event)
            : await kept.template(order.sourceEventId, partition, order.offset);
        if (template === undefined)
          throw new Error(`backfill: event ${order.sourceEventId} of partition ${partition} is not in hand`);
        const place = { personKey: event.personKey, partition, direct: work.copartitioned.has(topic) };
        const message =
          feedMessageNow(work.codec, template, order.laCode, place) ??
          (await feedMessage(work.codec, template, order.laCode, place));
        let messages = pending.get(topic);
        if (messages === undefined) pending.set(topic, (messages = []));
        messages.push(message);
        pendingCount += 1;
      }
      if (pendingCount >= RECORDS_PER_TRANSACTION) await flush(false);
    }
    await flush(true);
  } finally {
    await Promise.all([readers.hospital.close(), readers.council.close()]);
  }
  logger.info(
    { partition, councils: [...councils.keys()], feedEvents: written, ms: Date.now() - started },
    'feed router backfilled councils added since the partition was routed',
  );
  return written;
}

/** One input partition's records below its end, pulled a record at a time from a history reader. */
class Side {
  private batch: readonly HistoryRecord[] = [];
  private at = 0;
  private iterator: AsyncIterator<{ readonly records: readonly HistoryRecord[] }> | undefined;
  private ended: boolean;

  constructor(
    readonly role: InputRole,
    private readonly reader: HistoryReader | undefined,
    private readonly end: bigint,
  ) {
    this.ended = reader === undefined;
  }

  async start(): Promise<void> {
    if (this.reader === undefined) return;
    await this.reader.start();
    this.iterator = this.reader[Symbol.asyncIterator]();
  }

  /** The next record below the end, without taking it; undefined when there is none. */
  async head(): Promise<HistoryRecord | undefined> {
    while (!this.ended && this.at >= this.batch.length) {
      const next = await this.iterator?.next();
      if (next === undefined || next.done === true) this.ended = true;
      else {
        this.batch = next.value.records;
        this.at = 0;
      }
    }
    const record = this.ended ? undefined : this.batch[this.at];
    if (record !== undefined && BigInt(record.offset) >= this.end) {
      this.ended = true;
      return undefined;
    }
    return record;
  }

  take(): void {
    this.at += 1;
  }

  close(): Promise<void> {
    return this.reader?.close() ?? Promise.resolve();
  }
}

const sideOf = (work: Backfill, role: InputRole): Side => {
  const end = work.ends[role];
  const topic = work.topics[role];
  const reader =
    end <= 0n
      ? undefined
      : readHistory(work.kafka, {
          topics: [topic],
          fromOffsets: [{ topic, partition: work.partition, offset: '0' }],
          logger: work.logger,
          groupPrefix: historyGroupOf(work.groupId),
        });
  return new Side(role, reader, end);
};

/** The next record in the live router's order (merge.ts): the earlier timestamp; a tie to the council side. */
async function nextOf(
  hospital: Side,
  council: Side,
): Promise<{ role: InputRole; record: HistoryRecord } | undefined> {
  const [h, c] = [await hospital.head(), await council.head()];
  const side =
    c !== undefined && (h === undefined || c.timestamp <= h.timestamp) ? council : h ? hospital : undefined;
  const record = side === council ? c : h;
  if (side === undefined || record === undefined) return undefined;
  side.take();
  return { role: side.role, record };
}
