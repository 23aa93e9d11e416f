import type { FeedEvent } from '@homefirst/schemas';

/**
 * The webhook body, in the Standard Webhooks payload shape: `type` (`homefirst.feed.<FeedEvent type>`),
 * `timestamp` (the event's recordedAt: when the hub knew it) and `data` (the feed event as JSON, exactly
 * the Avro record a Kafka-reading council decodes; instants as ISO 8601 strings, absent optional fields as
 * null). The `webhook-id` header is the feed event's `eventId`, deterministic across replays, so receivers
 * dedupe on it.
 */
export interface WebhookBody {
  readonly type: string;
  readonly timestamp: string;
  readonly data: FeedEvent;
}

export const webhookTypeOf = (event: FeedEvent): string => `homefirst.feed.${event.type}`;

export const webhookBodyOf = (event: FeedEvent): string =>
  JSON.stringify({
    type: webhookTypeOf(event),
    timestamp: event.recordedAt.toISOString(),
    data: event,
  } satisfies WebhookBody);
