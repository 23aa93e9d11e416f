import type { EventCodec } from '@homefirst/schemas';
import type { Message } from 'kafkajs';
import { addressed, type FeedTemplate } from '../routing/feed-event';

/** Where a feed record goes: keyed by the person; to `partition` when the feed is co-partitioned (`direct`). */
export interface FeedPlace {
  readonly personKey: string;
  readonly partition: number;
  readonly direct: boolean;
}

const messageOf = (value: Buffer, { personKey, partition, direct }: FeedPlace): Message =>
  direct ? { key: personKey, value, partition } : { key: personKey, value };

/**
 * The feed record of one source event's minimised payload for council `laCode`, without a promise: undefined
 * until the feed's writer id is known (every event but a council's first has it; then use feedMessage).
 */
export function feedMessageNow(
  codec: EventCodec,
  template: FeedTemplate,
  laCode: string,
  place: FeedPlace,
): Message | undefined {
  const event = addressed(template, laCode);
  const value = codec.encodeFeedSync(event.laCode, event);
  return value === undefined ? undefined : messageOf(value, place);
}

/** The feed record of one source event's minimised payload for council `laCode`. */
export async function feedMessage(
  codec: EventCodec,
  template: FeedTemplate,
  laCode: string,
  place: FeedPlace,
): Promise<Message> {
  const event = addressed(template, laCode);
  return messageOf(await codec.encodeFeed(event.laCode, event), place);
}
