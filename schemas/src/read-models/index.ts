// The read models' contract: what the projector stores in Redis (model.ts, keys.ts) and the pure
// functions that turn stored facts into what a board shows for a given `now` (one file per view: the
// 48-hour tracker, weekly figures, the delayed-transfer queue, journeys, flow KPIs, the sitrep CSV).
// The projector writes it; the API reads it.
export * from './model';
export * from './keys';
export * from './versions';
export * from './reasons';
export {
  DEFAULT_VIEW_CONFIG,
  INTERNAL_DELAY_REASONS,
  type PathwayTargets,
  type ViewConfig,
  type PageRequest,
} from './view-common';
export { parsePathwayTargets } from './pathway-targets';
export * from './tracker-view';
export * from './weekly-figures';
export * from './queue-view';
export * from './journey-view';
export { nctrCensus } from './nctr-census';
export * from './kpi-view';
export * from './ascof';
export * from './sitrep-csv';
export * from './london';
export * from './vocabulary';
export * from './drd-timeliness';
export * from './delay-reason-counts';
export * from './sitrep-return';
export * from './intermediate-care';
