import { dataQualityFlag, source } from './common';
import { field, optional, record, timestampMillis, vocabulary } from './builders';
import type { AvroRecord } from './schema-types';

/** Symbol of every envelope `type` enum that no producer writes: what an older reader sees for a newer type. */
export const UNKNOWN_EVENT_TYPE = 'Unknown';

/**
 * The value schema of one topic: envelope fields, then `payload`, a union of the event records the topic
 * may carry. `type` names the payload's record, so consumers can switch on it without inspecting the union
 * (and generic consumers in any language see it as a plain string).
 */
export const envelope = (
  namespace: string,
  name: string,
  doc: string,
  events: readonly AvroRecord[],
  personKey: 'required' | 'optional',
  flags: 'data-quality' | 'none' = 'none',
): AvroRecord =>
  record(namespace, name, doc, [
    field(
      'eventId',
      'string',
      'Unique id of this event. A UUID v5 derived from the source message (channel, org code, message id, event type, part) when the source has an id, so resends and replays dedupe; otherwise a random UUID.',
    ),
    field(
      'type',
      vocabulary(
        namespace,
        `${name}Type`,
        `Event type: the name of the payload record. ${UNKNOWN_EVENT_TYPE} is never written; an older reader sees it for a type added later.`,
        [...events.map((event) => event.name), UNKNOWN_EVENT_TYPE],
        UNKNOWN_EVENT_TYPE,
      ),
      'Event type.',
    ),
    field('occurredAt', timestampMillis, 'Event time: when it happened in the world (as the source says).'),
    field('recordedAt', timestampMillis, 'When the hub recorded the event.'),
    field('source', source, 'Where the fact came from.'),
    personKey === 'required'
      ? field(
          'personKey',
          'string',
          'Pseudonymous person id: HMAC-SHA256 of the NHS number, see schemas/README.md. Also the Kafka message key.',
        )
      : optional(
          'personKey',
          'string',
          'Pseudonymous person id, when already known at this stage; null otherwise.',
        ),
    field(
      'correlationId',
      'string',
      'Id tying together everything caused by one inbound message or request (logs, raw record, events).',
    ),
    ...(flags === 'data-quality'
      ? [
          optional(
            'dataQuality',
            { type: 'array', items: dataQualityFlag },
            'Data-quality flags of the source message the event came from (see DataQualityFlag); null when there are none. Added in v2; absent from events written before.',
          ),
        ]
      : []),
    field('payload', events, 'The event itself: the record named by `type`.'),
  ]);
