import { createCounter, createGauge, createHistogram } from '@homefirst/runtime';

type Counter<L extends string> = ReturnType<typeof createCounter<L>>;
type Gauge<L extends string> = ReturnType<typeof createGauge<L>>;
type Histogram = ReturnType<typeof createHistogram>;

/** Prometheus metrics of the projector, created once per process (the registry refuses duplicates). */
export interface ProjectorMetrics {
  readonly events: Counter<'topic'>;
  readonly lag: Gauge<'topic' | 'partition'>;
  readonly latency: Histogram;
  readonly deadLetters: Counter<'topic'>;
  readonly transactions: Counter<'outcome'>;
  readonly alerts: Counter<'type'>;
}

let metrics: ProjectorMetrics | undefined;

export const projectorMetrics = (): ProjectorMetrics =>
  (metrics ??= {
    events: createCounter({
      name: 'homefirst_projector_events_total',
      help: 'Events projected into Redis',
      labelNames: ['topic'],
    }),
    lag: createGauge({
      name: 'homefirst_projection_lag',
      help: 'Messages of a partition not yet in the read models (high watermark − next offset in Redis)',
      labelNames: ['topic', 'partition'],
    }),
    latency: createHistogram({
      name: 'homefirst_projection_latency_seconds',
      help: 'From the hub recording an event (connector ACK) to the read model holding it',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 15, 60],
    }),
    deadLetters: createCounter({
      name: 'homefirst_projector_dead_letters_total',
      help: 'Messages the projector could not read',
      labelNames: ['topic'],
    }),
    transactions: createCounter({
      name: 'homefirst_projector_transactions_total',
      help: 'Redis write transactions by outcome (applied, already-applied, gap)',
      labelNames: ['outcome'],
    }),
    alerts: createCounter({
      name: 'homefirst_projector_alerts_total',
      help: '48-hour alerts published',
      labelNames: ['type'],
    }),
  });
