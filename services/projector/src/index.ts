/**
 * @homefirst/projector — hospital and council events joined per person into the Redis read models.
 *
 * Exported for the API and tools (design note: services may not import each other, so the API reads the
 * Redis keys documented in README.md; these types and pure query functions are exported so the lead can
 * move them into a shared package).
 */
export { evolve, projectEvents, emptyPerson, survivorOf, type PersonRecord } from './person/evolve';
export type { JournalEntry, ProjectedEvent, ProjectedEventType } from './person/journal';
export { deriveReadModels, DEADLINE_MS } from './readmodels/derive';
export {
  SITREP_REASONS,
  sitrepReasonOf,
  type QueueReason,
  type DelayExplanation,
} from './readmodels/delay-reason';
export {
  canonicalSnapshot,
  renderReadModels,
  snapshotOfPersons,
  type ReadModelSnapshot,
  type RenderedReadModels,
} from './readmodels/snapshot';
export { eventFromJson, eventsFromNdjson, type ParsedLine } from './events/from-json';
export { MemoryProjection, projectAll } from './offline/project';
export { ReadModelWriter, type BatchMessage, type BatchResult } from './redis/writer';
export { readQueuePage, readSnapshot, type QueuePage } from './redis/read-models';
export { LiveProjector, type LiveProjectorOptions } from './consumer/live-projector';
export { DeadlineSweeper, type SweepResult, type SweeperOptions } from './sweeper/sweeper';
export { alertsDue, alertEventId } from './sweeper/alerts-due';
export { loadProjectorConfig, type ProjectorConfig, type ProjectorSettings } from './config';
