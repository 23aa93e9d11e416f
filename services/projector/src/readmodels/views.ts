// The read-model contract lives in @homefirst/schemas (readModels), shared with the API; re-exported here
// under the names the projector's modules have always used.
import { readModels } from '@homefirst/schemas';

export const DEFAULT_VIEW_CONFIG = readModels.DEFAULT_VIEW_CONFIG;
export const TRACKER_STATUSES = readModels.TRACKER_STATUSES;
export const trackerStatus = readModels.trackerStatus;
export const trackerItem = readModels.trackerItem;
export const trackerView = readModels.trackerView;
export const weeklyFigures = readModels.weeklyFigures;
export const matchesQueueFilters = readModels.matchesQueueFilters;
export const queueItem = readModels.queueItem;
export const compareQueueEntries = readModels.compareQueueEntries;
export const queueView = readModels.queueView;
export const journeyView = readModels.journeyView;
export const PLANNING_SPLIT = readModels.PLANNING_SPLIT;
export const nctrCensus = readModels.nctrCensus;
export const kpiView = readModels.kpiView;
export const sitrepCsv = readModels.sitrepCsv;
export type ViewConfig = readModels.ViewConfig;
export type PageRequest = readModels.PageRequest;
export type TrackerStatus = readModels.TrackerStatus;
export type TrackerItem = readModels.TrackerItem;
export type TrackerFilters = readModels.TrackerFilters;
export type TrackerView = readModels.TrackerView;
export type WeeklyRow = readModels.WeeklyRow;
export type QueueFilters = readModels.QueueFilters;
export type QueueItem = readModels.QueueItem;
export type ReasonCount = readModels.ReasonCount;
export type QueueView = readModels.QueueView;
export type JourneyView = readModels.JourneyView;
export type KpiRange = readModels.KpiRange;
export type KpiView = readModels.KpiView;
