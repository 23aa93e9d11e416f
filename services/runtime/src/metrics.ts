import {
  Counter,
  Gauge,
  Histogram,
  collectDefaultMetrics,
  register,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Registry,
} from 'prom-client';

/** The one registry `/metrics` serves: prom-client's default, so library metrics show up too. */
export const metricsRegistry: Registry = register;

/** Adds process and Node.js metrics (CPU, memory, event loop lag, GC) to the registry, once. */
export function collectProcessMetrics(): void {
  if (metricsRegistry.getSingleMetric('process_cpu_user_seconds_total') === undefined) {
    collectDefaultMetrics({ register: metricsRegistry });
  }
}

type OnSharedRegistry<C> = Omit<C, 'registers'>;

export function createCounter<Label extends string = never>(
  config: OnSharedRegistry<CounterConfiguration<Label>>,
): Counter<Label> {
  return new Counter({ ...config, registers: [metricsRegistry] });
}

export function createGauge<Label extends string = never>(
  config: OnSharedRegistry<GaugeConfiguration<Label>>,
): Gauge<Label> {
  return new Gauge({ ...config, registers: [metricsRegistry] });
}

export function createHistogram<Label extends string = never>(
  config: OnSharedRegistry<HistogramConfiguration<Label>>,
): Histogram<Label> {
  return new Histogram({ ...config, registers: [metricsRegistry] });
}

/**
 * The metric of this name on the shared registry, created on first use: a process builds several
 * connectors or pipelines (tests do), and prom-client refuses a second metric of one name.
 */
const registeredOnce = <M>(name: string, create: () => M): M =>
  (metricsRegistry.getSingleMetric(name) as M | undefined) ?? create();

export const counterOnce = <Label extends string = never>(
  name: string,
  help: string,
  labelNames: readonly Label[] = [],
): Counter<Label> => registeredOnce(name, () => createCounter<Label>({ name, help, labelNames }));

export const gaugeOnce = <Label extends string = never>(
  name: string,
  help: string,
  labelNames: readonly Label[] = [],
): Gauge<Label> => registeredOnce(name, () => createGauge<Label>({ name, help, labelNames }));

export const histogramOnce = <Label extends string = never>(
  name: string,
  help: string,
  labelNames: readonly Label[],
  buckets: readonly number[],
): Histogram<Label> =>
  registeredOnce(name, () => createHistogram<Label>({ name, help, labelNames, buckets: [...buckets] }));
