import { createCounter, createHistogram, metricsRegistry } from '@homefirst/runtime';

type Counter<Label extends string = never> = ReturnType<typeof createCounter<Label>>;
type Histogram<Label extends string = never> = ReturnType<typeof createHistogram<Label>>;

/**
 * The connector's Prometheus metrics (served by the runtime's ops server at /metrics). prom-client's
 * registry is process-wide, so each metric is created once and reused (tests build several connectors).
 */
export interface FhirMetrics {
  /** Requests answered 2xx (each after Kafka acknowledged everything they produced). */
  readonly accepted: Counter<'kind'>;
  /** Requests refused, by HTTP status. */
  readonly rejected: Counter<'status'>;
  /** Encounters already received (resends), answered without a second publish. */
  readonly duplicates: Counter;
  /** Encounters held until their patient's NHS number is known. */
  readonly held: Counter;
  /** Held Encounters released once the identity arrived. */
  readonly released: Counter;
  /** Hospital events published, by type. */
  readonly events: Counter<'type'>;
  /** Time from request to answer. */
  readonly latency: Histogram<'outcome'>;
}

const reuse = <T>(name: string, create: () => T): T =>
  (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create();

export function fhirMetrics(): FhirMetrics {
  return {
    accepted: reuse('homefirst_fhir_accepted_total', () =>
      createCounter({
        name: 'homefirst_fhir_accepted_total',
        help: 'FHIR requests accepted (2xx after the Kafka ack)',
        labelNames: ['kind'],
      }),
    ),
    rejected: reuse('homefirst_fhir_rejected_total', () =>
      createCounter({
        name: 'homefirst_fhir_rejected_total',
        help: 'FHIR requests refused, by HTTP status',
        labelNames: ['status'],
      }),
    ),
    duplicates: reuse('homefirst_fhir_duplicates_total', () =>
      createCounter({
        name: 'homefirst_fhir_duplicates_total',
        help: 'Encounters received again (resends), not published twice',
      }),
    ),
    held: reuse('homefirst_fhir_held_total', () =>
      createCounter({
        name: 'homefirst_fhir_held_total',
        help: 'Encounters held until the NHS number of their local patient id is known',
      }),
    ),
    released: reuse('homefirst_fhir_released_total', () =>
      createCounter({
        name: 'homefirst_fhir_released_total',
        help: 'Held Encounters mapped once their identity arrived',
      }),
    ),
    events: reuse('homefirst_fhir_events_total', () =>
      createCounter({
        name: 'homefirst_fhir_events_total',
        help: 'Hospital events published, by type',
        labelNames: ['type'],
      }),
    ),
    latency: reuse('homefirst_fhir_request_seconds', () =>
      createHistogram({
        name: 'homefirst_fhir_request_seconds',
        help: 'FHIR request handling time, by outcome',
        labelNames: ['outcome'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
    ),
  };
}
