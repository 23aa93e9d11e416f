import { avroNamespace, field, optional } from './builders';

/** Inputs the hub could not turn into events, with why. */
export const DEAD_LETTER = 'uk.homefirst.deadletter';
const deadLetter = avroNamespace(DEAD_LETTER);

export const failedStage = deadLetter.vocabulary('FailedStage', 'Where processing failed.', [
  'PARSE',
  'VALIDATE',
  'MAP',
  'PUBLISH',
  'PROJECT',
]);

export const messageDeadLettered = deadLetter.record(
  'MessageDeadLettered',
  'An input was set aside. occurredAt = time of the failure.',
  [
    field('stage', failedStage, 'Where processing failed.'),
    field('errorCode', 'string', 'Stable machine-readable error code.'),
    field('reason', 'string', 'Human-readable reason (no patient identifiers).'),
    field('retriable', 'boolean', 'Whether resubmitting the same input later may succeed.'),
    field('contentType', 'string', 'Media type of input.'),
    field('input', 'bytes', 'The input that failed, unchanged.'),
    optional('rawEventId', 'string', 'eventId of the matching homefirst.raw record, when there is one.'),
    optional('originalTopic', 'string', 'Topic the input was read from, for failures while projecting.'),
    optional('originalPartition', 'int', 'Partition the input was read from.'),
    optional('originalOffset', 'long', 'Offset the input was read from.'),
  ],
);

export const deadLetterEvents = [messageDeadLettered] as const;
