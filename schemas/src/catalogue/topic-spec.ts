import type { AvroRecord } from '../avro/schema-types';

export type TopicRetention =
  | { readonly kind: 'forever' }
  /** Kept `defaultMs` unless the deployment overrides it (`homefirst topics apply --<topic>-retention-ms`). */
  | { readonly kind: 'configurable'; readonly defaultMs: number };

/** One Kafka topic of the contract. Everything a producer, a consumer or `homefirst topics apply` needs. */
export interface TopicSpec {
  /** Topic name without deployment prefix. Versioned: a breaking change is a new topic (…v2), never an edit. */
  readonly name: string;
  /** Short id used in the AsyncAPI document and CLI flags. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** What the Kafka message key holds (always a UTF-8 string, never Avro). */
  readonly key: { readonly field: 'personKey' | 'source.orgCode'; readonly description: string };
  /** Default partition count, sized for a 2-core development machine; `topics apply --partitions` overrides. */
  readonly partitions: number;
  /** Topics in the same group must have the same key and partition count, so one consumer sees a person's events in order. */
  readonly copartitionGroup: 'person' | null;
  readonly retention: TopicRetention;
  readonly cleanupPolicy: 'delete';
  /** Registry subject of the value schema (TopicNameStrategy). */
  readonly valueSubject: string;
  /** Self-contained Avro value schema (the envelope). */
  readonly valueSchema: AvroRecord;
  /** Values of the envelope `type` this topic may carry (the payload union, in order). */
  readonly eventTypes: readonly string[];
  /**
   * Set for a topic family: `name` (and `valueSubject`) hold a `{parameter}` placeholder (AsyncAPI channel
   * address syntax), and each value of the parameter is one real topic (e.g. one feed per council).
   */
  readonly family?: {
    readonly parameter: 'laCode';
    readonly description: string;
    /** Regular expression (source) every value of the parameter matches. */
    readonly pattern: string;
  };
}
