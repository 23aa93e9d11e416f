import type { Logger } from '@homefirst/runtime';
import { historyGroupOf } from './settings';
import type { Kafka } from 'kafkajs';
import { feedTemplateOf, type FeedTemplate } from '../routing/feed-event';
import type { FeedOrder } from '../routing/state';
import { NOT_LOADED, type SourceDecoder } from './decoder';
import { rereadTemplates } from './reread';

/**
 * The hospital events the persons' states refer to (routing/kept.ts: a later referral may still send them),
 * held as the Avro bytes they were read as — one small buffer each, copied out of the fetch — for as long as
 * a state keeps their stay, and decoded again into a feed template when one is sent. A decoded template is
 * a graph of a dozen objects (two Dates, the source, the payload, their strings): held for every kept event
 * it made most of the router's heap and of what each garbage collection had to trace.
 */
export class KeptEvents {
  private readonly values = new Map<string, Buffer>();

  private readonly hospital: string;

  constructor(
    private readonly decoder: SourceDecoder,
    private readonly source: {
      readonly kafka: Kafka;
      readonly logger: Logger;
      readonly groupId: string;
      readonly topics: { readonly hospital: string };
    },
  ) {
    this.hospital = source.topics.hospital;
  }

  get size(): number {
    return this.values.size;
  }

  has(eventId: string): boolean {
    return this.values.has(eventId);
  }

  /** Keeps a copy of `value` (a view into the whole fetch, which must not stay alive for it). */
  keep(eventId: string, value: Buffer): void {
    this.values.set(eventId, Buffer.from(value));
  }

  forget(eventId: string): void {
    this.values.delete(eventId);
  }

  clear(): void {
    this.values.clear();
  }

  /**
   * Makes sure the source event of every order is in memory, sent now or kept: one that is not (an event
   * consumed before the last restore) is read again from the person's partition of the hospital topic, at its
   * offset, and kept. Returns how many were read again.
   */
  async ensure(
    partition: number,
    orders: readonly { readonly order: FeedOrder }[],
    sent: ReadonlyMap<string, FeedTemplate>,
  ): Promise<number> {
    const missing = orders.filter(
      ({ order: { sourceEventId: id } }) => !sent.has(id) && !this.values.has(id),
    );
    if (missing.length === 0) return 0;
    const offsets = new Set(missing.map(({ order }) => order.offset));
    const { kafka, logger } = this.source;
    const where = {
      hospital: this.hospital,
      partition,
      offsets,
      groupPrefix: historyGroupOf(this.source.groupId),
    };
    return rereadTemplates(kafka, this.decoder, logger, where, (eventId, value) => this.keep(eventId, value));
  }

  /** The feed template of a kept event (at `offset` of `partition` of the hospital topic); undefined if not kept. */
  async template(eventId: string, partition: number, offset: string): Promise<FeedTemplate | undefined> {
    const value = this.values.get(eventId);
    if (value === undefined) return undefined;
    const message = { value, offset };
    const now = this.decoder.decodeNow(this.hospital, partition, message);
    const event = now === NOT_LOADED ? await this.decoder.decode(this.hospital, partition, message) : now;
    return event === undefined ? undefined : feedTemplateOf(event);
  }
}
