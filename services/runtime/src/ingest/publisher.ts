import type { EventCodec } from '@homefirst/schemas';
import type { Producer } from 'kafkajs';
import { sendBatchDurably, type SendDurablyOptions } from '../producer';
import type { RecordWriter } from './ports';
import { topicMessagesOf, type PublishBatch } from './records';

export type { PublishBatch } from './records';

export interface EventPublisherOptions extends SendDurablyOptions {
  readonly producer: Producer;
  readonly codec: EventCodec;
  /** Deployment prefix of topic names (HOMEFIRST_TOPIC_PREFIX); tests use a unique one. */
  readonly topicPrefix?: string;
}

/**
 * Writes what a connector derived from one inbound message to Kafka, durably: the promise resolves only
 * once Kafka acknowledged every record (acks=all, idempotent producer), so a connector may then ACK
 * (HL7 AA, HTTP 2xx). It rejects with a retriable UnavailableError when Kafka cannot take the write
 * (the connector answers AR / 503) and nothing has been acknowledged to the sender.
 *
 * Records are keyed and given headers as `topicMessagesOf` says; GroupCommitPublisher writes the same
 * records, several messages per request.
 */
export class EventPublisher implements RecordWriter {
  private readonly prefix: string;

  constructor(private readonly options: EventPublisherOptions) {
    this.prefix = options.topicPrefix ?? '';
  }

  async publish(batch: PublishBatch): Promise<void> {
    const topicMessages = await topicMessagesOf(batch, this.options.codec, this.prefix);
    if (topicMessages.length === 0) return;
    await sendBatchDurably(this.options.producer, { topicMessages }, this.options);
  }

  /** RecordWriter: the same as publish. */
  write(batch: PublishBatch): Promise<void> {
    return this.publish(batch);
  }
}
