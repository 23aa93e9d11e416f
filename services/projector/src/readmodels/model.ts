// The read-model contract lives in @homefirst/schemas (readModels), shared with the API; re-exported here
// under the names the projector's modules have always used.
import { readModels } from '@homefirst/schemas';

export const KPI_NAMES = readModels.KPI_NAMES;
export type QueueEntry = readModels.QueueEntry;
export type TrackerEpisode = readModels.TrackerEpisode;
export type WeeklyDischarge = readModels.WeeklyDischarge;
export type JourneyEvent = readModels.JourneyEvent;
export type AwayEnding = readModels.AwayEnding;
export type AwayPeriod = readModels.AwayPeriod;
export type Journey = readModels.Journey;
export type KpiCounts = readModels.KpiCounts;
export type KpiName = readModels.KpiName;
export type PersonReadModels = readModels.PersonReadModels;
