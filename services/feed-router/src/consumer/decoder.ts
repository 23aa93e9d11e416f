import type { Logger } from '@homefirst/runtime';
import {
  MalformedMessageError,
  UnreadableSchemaError,
  type DecodedEvent,
  type EventCodec,
} from '@homefirst/schemas';
import type { KafkaMessage } from 'kafkajs';
import type { SourceEvent } from '../routing/feed-event';
import type { FeedRouterCounts } from './settings';

/** decodeNow's answer when the writer's schema is not cached yet. */
export const NOT_LOADED = Symbol('schema not loaded');

/** The router's reading of hospital and council records: decoded events, unreadable ones counted and skipped. */
export class SourceDecoder {
  constructor(
    private readonly codec: EventCodec,
    private readonly logger: Logger,
    private readonly counts: FeedRouterCounts,
  ) {}

  /** decode without a promise: NOT_LOADED when the writer's schema is not cached yet (then call decode). */
  decodeNow(
    topic: string,
    partition: number,
    message: Pick<KafkaMessage, 'value' | 'offset'>,
  ): SourceEvent | undefined | typeof NOT_LOADED {
    if (message.value === null) return undefined;
    try {
      const decoded = this.codec.decodeAnySync(message.value);
      return decoded === undefined ? NOT_LOADED : this.sourceEventOf(topic, decoded);
    } catch (error) {
      return this.unreadable(topic, partition, message, error);
    }
  }

  async decode(
    topic: string,
    partition: number,
    message: Pick<KafkaMessage, 'value' | 'offset'>,
  ): Promise<SourceEvent | undefined> {
    if (message.value === null) return undefined;
    try {
      return this.sourceEventOf(topic, await this.codec.decodeAny(message.value));
    } catch (error) {
      return this.unreadable(topic, partition, message, error);
    }
  }

  private sourceEventOf(topic: string, decoded: DecodedEvent): SourceEvent {
    if (decoded.topic !== 'homefirst.hospital.events.v1' && decoded.topic !== 'homefirst.council.events.v1')
      throw new UnreadableSchemaError(0, `a ${decoded.topic} value on ${topic}`);
    return decoded.event as SourceEvent;
  }

  /** Skips bytes no build can read (rethrowing anything else): the projector dead-letters them. */
  private unreadable(
    topic: string,
    partition: number,
    message: Pick<KafkaMessage, 'offset'>,
    error: unknown,
  ): undefined {
    if (!(error instanceof MalformedMessageError || error instanceof UnreadableSchemaError)) throw error;
    this.counts.unreadable += 1;
    this.logger.warn(
      { topic, partition, offset: message.offset, code: error.code },
      'unreadable message skipped',
    );
    return undefined;
  }
}
