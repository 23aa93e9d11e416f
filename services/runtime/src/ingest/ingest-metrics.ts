import type { Counter } from 'prom-client';

/**
 * The counters every connector's ingest keeps, whatever its edge (each under its own metric names):
 * resends, held messages, released ones and events written. Labels never carry identifiers.
 */
export interface IngestMetrics {
  /** Source messages received again (resends), answered without a second write. */
  readonly duplicates: Counter;
  /** Accepted, but the person is not identified yet: held until the identity arrives. */
  readonly held: Counter;
  /** Held messages released (mapped and written) once their identity arrived. */
  readonly released: Counter;
  /** Hospital events written, by type. */
  readonly events: Counter<'type'>;
}
