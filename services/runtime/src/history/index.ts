export { readHistory } from './read-history';
export type { HistoryBatch, HistoryReader, HistoryRecord, ReadHistoryOptions } from './read-history';
export { partitionRanges } from './ranges';
export type { PartitionRange } from './ranges';
