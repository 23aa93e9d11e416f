// The read-model contract lives in @homefirst/schemas (readModels), shared with the API; re-exported here
// under the names the projector's modules have always used.
import { readModels } from '@homefirst/schemas';

export const DEFAULT_NAMESPACE = readModels.DEFAULT_NAMESPACE;
export const QUEUE_DIMENSIONS = readModels.QUEUE_DIMENSIONS;
export const NONE = readModels.NONE;
export const ReadModelKeys = readModels.ReadModelKeys;
export type QueueDimension = readModels.QueueDimension;
export type ReadModelKeys = readModels.ReadModelKeys;
