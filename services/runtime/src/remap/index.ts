export { eventFingerprint } from './fingerprint';
export { remapFromRaw, type RemapOptions } from './remap';
export { ReadThroughIdentity } from './read-through-identity';
export {
  DATA_SOURCES,
  SOURCE_ROUTES,
  sourceOfChannel,
  type DataSource,
  type MappedEvent,
  type RawMapper,
  type RawMapping,
} from './sources';
export { emptySummary, formatRemapSummary, type RemapSummary, type TypeCounts } from './summary';
export { runRemapCommand, type RemapCommandOptions } from './command';
export { addRemapCommand, remapFlagOptions, type RemapFlags } from './command-line';
export { parseTimeOption, parseTimeRange } from './time-option';
