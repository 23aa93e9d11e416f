// The read models' contract: what the projector stores in Redis (model.ts, keys.ts) and the pure
// functions that turn stored facts into what a board shows for a given `now` (views.ts). The projector
// writes it; the API reads it.
export * from './model';
export * from './keys';
export * from './reasons';
export * from './views';
export * from './london';
export * from './vocabulary';
