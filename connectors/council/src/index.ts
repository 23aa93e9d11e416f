/** @homefirst/connector-council — council case-system records (REST, CSV files, drop folder) → Kafka. */
export {
  decodeCouncilRecord,
  describeIssues,
  RECORD_FIELDS,
  REQUIRED_FIELDS,
  COUNCIL_CODE,
  type CouncilRecord,
  type DecodedRecord,
  type RecordField,
} from './record/council-record';
export * from './record/vocabulary';
export { toCouncilEvent, councilEventIdOf, type EventContext } from './events/to-event';
export {
  orderFlags,
  orderVerdict,
  orderQueryOf,
  orderKeyOf,
  orderFieldOf,
  relatedOrderFields,
  PRECEDENCES,
  DEFAULT_COUNCIL_STEP_TOLERANCE_MS,
} from './events/order';
export { compileMapping, mappingSchema, type Mapping, type CompiledMapping } from './mapping/mapping';
export { loadMapping, detectMapping, mappingDirs, BUILT_IN_MAPPINGS_DIR } from './mapping-files/load';
export { CouncilIngest, NO_DEDUPE, type PreparedBatch } from './pipeline/council-ingest';
export type { InboundItem, BatchContext, ItemOutcome } from './pipeline/batch';
export { MemoryOrderStore, RedisOrderStore, type OrderStore } from './pipeline/order-store';
export { ingestCsvFile, type FileIngestOptions, type FileIngestSummary } from './csv/file-ingest';
export { watchDropFolder, type DropFolder } from './csv/drop-folder';
export { checkpointPathOf } from './csv/checkpoint';
export { errorReportPathOf } from './csv/error-report';
export { buildRecordsApp, RECORDS_PATH } from './http/server';
export { problemOf } from './http/problem';
export { loadCouncilConfig, type CouncilConfig, type CouncilSettings } from './config';
export { startCouncilRuntime, type CouncilRuntime } from './wiring';
export { mapFeed } from './commands/map';
export { run, buildProgram } from './main';
