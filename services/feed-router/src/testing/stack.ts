import { withAdmin, type HubConfig } from '@homefirst/runtime';
import { type EventCodec, type CouncilEvent, type FeedEvent } from '@homefirst/schemas';
import { publishPersonEvents, stackCodec, uniqueName } from '@homefirst/testing';
import type { Consumer, Kafka } from 'kafkajs';
import { isFeedCouncilType, type SourceEvent } from '../routing/feed-event';
import { routeAll } from '../routing/route';

/** Feed-router helpers for stack tests and the benchmark (real Kafka and registry). */

export const codecFor = stackCodec;

const isCouncil = (event: SourceEvent): event is CouncilEvent => isFeedCouncilType(event.type);

/** Publishes events as the connectors do (durable, keyed by personKey), in order, `chunk` at a time. */
export const publishEvents = (
  kafka: Kafka,
  config: HubConfig,
  events: readonly SourceEvent[],
  chunk = 500,
): Promise<void> => publishPersonEvents(kafka, config, events, isCouncil, chunk);

/** The feeds a fresh routing of `events` gives (each person's events in stream order), by LA code. */
export function expectedFeeds(
  events: readonly SourceEvent[],
  councils: readonly string[],
): Map<string, FeedEvent[]> {
  const byPerson = new Map<string, SourceEvent[]>();
  for (const event of events) {
    const list = byPerson.get(event.personKey) ?? [];
    list.push(event);
    byPerson.set(event.personKey, list);
  }
  const feeds = new Map<string, FeedEvent[]>(councils.map((c) => [c, []]));
  for (const personEvents of byPerson.values())
    for (const event of routeAll(personEvents).feed) feeds.get(event.laCode)?.push(event);
  return feeds;
}

/** Reads feed topics from the beginning with isolation.level=read_committed, decoded, every record kept. */
export class FeedReader {
  readonly events: FeedEvent[] = [];
  /** Where each of `events` was read: `<topic>/<partition>/<offset>`. */
  readonly positions: string[] = [];
  private readonly seen = new Set<string>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: EventCodec,
  ) {}

  async start(topics: readonly string[]): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: uniqueName('feed-reader'),
      maxWaitTimeInMs: 100,
      readUncommitted: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        // A record handed over again (after a rebalance) is one record: tests count what is in the topic.
        const at = `${topic}/${partition}/${message.offset}`;
        if (message.value === null || this.seen.has(at)) return;
        this.seen.add(at);
        this.positions.push(at);
        this.events.push((await this.codec.decodeAny(message.value)).event as FeedEvent);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

const HOSPITAL_SOURCE = new Set(['HL7V2', 'FHIR']);

/**
 * Per person, the source event ids of each stream in feed order ("<personKey> hospital" / "… council"):
 * the order a feed must keep (the two streams' events may interleave differently from run to run).
 */
export const perPersonOrder = (events: readonly FeedEvent[]): Map<string, string[]> => {
  const order = new Map<string, string[]>();
  for (const event of events) {
    const key = `${event.personKey} ${HOSPITAL_SOURCE.has(event.source.channel) ? 'hospital' : 'council'}`;
    const list = order.get(key) ?? [];
    list.push(event.sourceEventId);
    order.set(key, list);
  }
  return order;
};

/** Deletes topics a test created beside the catalogue's (feeds, router state); a failure is ignored. */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  await withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [...topics] }).catch(() => undefined));
}
