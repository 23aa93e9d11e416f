// The read-model contract lives in @homefirst/schemas (readModels), shared with the API; re-exported here
// under the names the projector's modules have always used.
import { readModels } from '@homefirst/schemas';

export const HOUR_MS = readModels.HOUR_MS;
export const DAY_MS = readModels.DAY_MS;
export const londonOffsetMs = readModels.londonOffsetMs;
export const localDateOf = readModels.localDateOf;
export const startOfLocalDay = readModels.startOfLocalDay;
export const addDays = readModels.addDays;
export const daysBetween = readModels.daysBetween;
export const weekStartOf = readModels.weekStartOf;
export const iso = readModels.iso;
export const isoOrNull = readModels.isoOrNull;
