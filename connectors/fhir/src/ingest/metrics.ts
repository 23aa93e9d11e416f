import { counterOnce, histogramOnce, type IngestMetrics } from '@homefirst/runtime';

type Counter<Label extends string = never> = ReturnType<typeof counterOnce<Label>>;
type Histogram<Label extends string = never> = ReturnType<typeof histogramOnce<Label>>;

/**
 * The connector's Prometheus metrics (served by the runtime's ops server at /metrics). prom-client's
 * registry is process-wide, so each metric is created once and reused (tests build several connectors).
 */
export interface FhirMetrics extends IngestMetrics {
  /** Requests answered 2xx (each after Kafka acknowledged everything they produced). */
  readonly accepted: Counter<'kind'>;
  /** Requests refused, by HTTP status. */
  readonly rejected: Counter<'status'>;
  /** Time from request to answer. */
  readonly latency: Histogram<'outcome'>;
}

export function fhirMetrics(): FhirMetrics {
  return {
    accepted: counterOnce(
      'homefirst_fhir_accepted_total',
      'FHIR requests accepted (2xx after the Kafka ack)',
      ['kind'],
    ),
    rejected: counterOnce('homefirst_fhir_rejected_total', 'FHIR requests refused, by HTTP status', [
      'status',
    ]),
    duplicates: counterOnce(
      'homefirst_fhir_duplicates_total',
      'Encounters received again (resends), not published twice',
    ),
    held: counterOnce(
      'homefirst_fhir_held_total',
      'Encounters held until the NHS number of their local patient id is known',
    ),
    released: counterOnce(
      'homefirst_fhir_released_total',
      'Held Encounters mapped once their identity arrived',
    ),
    events: counterOnce('homefirst_fhir_events_total', 'Hospital events published, by type', ['type']),
    latency: histogramOnce(
      'homefirst_fhir_request_seconds',
      'FHIR request handling time, by outcome',
      ['outcome'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
  };
}
