export { EventPublisher, type EventPublisherOptions } from './publisher';
export {
  GroupCommitPublisher,
  GroupCommitter,
  type GroupCommitOptions,
  type GroupCommitterOptions,
} from './group-commit';
export { eventMessage, topicMessagesOf, type PublishBatch } from './records';
export { DEFAULT_MAX_INPUT_BYTES } from './input-limit';
export { MessageDedupe } from './message-dedupe';
export { IdentityIndex } from './identity-index';
export {
  unreadableHeldKey,
  type DedupeStore,
  type IdentityStore,
  type RecordWriter,
  type SourceMessage,
} from './ports';
export { MemoryIdentityIndex, MemoryMessageDedupe } from './memory-ports';
export { HELD_ENVELOPE_VERSION, openHeld, sealHeld, type OpenedHeld } from './held-envelope';
export { HeldMessages } from './held-messages';
export type { IngestMetrics } from './ingest-metrics';
export { KeyedMutex } from './keyed-mutex';
export { ACK_DEADLINE, SingleFlight, isDeadlineMissed, withinDeadline } from './single-flight';
