import { counterOnce, gaugeOnce, histogramOnce, type IngestMetrics } from '@homefirst/runtime';

// prom-client's types as runtime's factories return them (this package does not depend on prom-client).
type Counter<L extends string = never> = ReturnType<typeof counterOnce<L>>;
type Gauge = ReturnType<typeof gaugeOnce>;
type Histogram<L extends string = never> = ReturnType<typeof histogramOnce<L>>;

/** The connector's Prometheus metrics. Labels carry triggers and error codes, never identifiers. */
export interface Hl7Metrics extends IngestMetrics {
  /** AA: the message was written to Kafka (or was a duplicate of one that was). */
  readonly accepted: Counter<'trigger'>;
  /** AE: content the sender must fix; dead-lettered. */
  readonly rejected: Counter<'errorCode'>;
  /** AR: the hub could not accept now (Kafka, Redis or the registry unavailable, or an internal error). */
  readonly unavailable: Counter<'errorCode'>;
  readonly ackSeconds: Histogram<'code'>;
  readonly connections: Gauge;
  /** Frames over the size limit, idle connections closed, bytes outside any frame. */
  readonly framing: Counter<'problem'>;
}

/** The metrics, registered once per process on the shared registry that /metrics serves. */
export function hl7Metrics(): Hl7Metrics {
  const counter = counterOnce;
  return {
    accepted: counter(
      'homefirst_hl7_messages_accepted_total',
      'HL7 messages acknowledged AA after the durable write',
      ['trigger'],
    ),
    rejected: counter(
      'homefirst_hl7_messages_rejected_total',
      'HL7 messages answered AE (content the sender must fix), dead-lettered',
      ['errorCode'],
    ),
    unavailable: counter(
      'homefirst_hl7_messages_unavailable_total',
      'HL7 messages answered AR (the hub could not accept them now)',
      ['errorCode'],
    ),
    duplicates: counter(
      'homefirst_hl7_messages_duplicate_total',
      'Repeated MSH-10 from the same sender, answered AA without a second event',
    ),
    held: counter(
      'homefirst_hl7_messages_held_total',
      'Messages accepted whose person is not yet identified, held until the identity arrives',
    ),
    released: counter(
      'homefirst_hl7_messages_released_total',
      'Held messages mapped and published once their identity arrived',
    ),
    events: counter('homefirst_hl7_events_total', 'Hospital events written, by type', ['type']),
    ackSeconds: histogramOnce(
      'homefirst_hl7_ack_seconds',
      'Time from a complete frame to its ACK, by MSA-1',
      ['code'],
      [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
    connections: gaugeOnce('homefirst_hl7_mllp_connections', 'Open MLLP connections'),
    framing: counter('homefirst_hl7_mllp_framing_problems_total', 'MLLP framing problems', ['problem']),
  };
}
