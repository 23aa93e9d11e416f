import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './manifests';

/**
 * Issue 17 item 5: the alert rules and the dashboard use only metrics the hub really exposes, every rule
 * has what Alertmanager and the runbook need, and (with promtool installed) the rules parse and behave as
 * infra/prometheus/alerts.test.yml says. The compose file provisions Prometheus and Grafana with them.
 */

const ALERTS = join(REPO_ROOT, 'infra/prometheus/alerts.yml');
const DASHBOARD = join(REPO_ROOT, 'infra/grafana/dashboards/homefirst-hub.json');

interface Rule {
  alert?: string;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}
const rules = (
  parse(readFileSync(ALERTS, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }
).groups.flatMap((g) => g.rules);

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[] };
const dashboardExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

/** Every metric name registered in the services' and connectors' (non-test) sources, as a quoted string. */
function exposedMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === 'node_modules' || entry === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/'(homefirst_[a-z0-9_]+)'/g))
          names.add(m[1] ?? '');
    }
  };
  for (const top of ['services', 'connectors'])
    for (const pkg of readdirSync(join(REPO_ROOT, top))) walk(join(REPO_ROOT, top, pkg, 'src'));
  return names;
}

/** Kafka Exporter's metrics (Strimzi's kafkaExporter; danielqsj/kafka-exporter in compose) the rules use. */
const KAFKA_EXPORTER_METRICS = new Set([
  'kafka_consumergroup_lag',
  'kafka_topic_partition_current_offset',
  'kafka_topic_partition_under_replicated_partition',
]);

const metricsIn = (expr: string): string[] =>
  [...expr.matchAll(/\b((?:homefirst|kafka)_[a-z0-9_]+)\b/g)].map((m) =>
    (m[1] ?? '').replace(/_(bucket|sum|count)$/, ''),
  );

describe('the alert rules', () => {
  it('each have a name, an expression, a duration, a severity, a summary and a description', () => {
    for (const r of rules) {
      expect([r.alert, typeof r.expr]).toEqual([
        expect.stringMatching(/^Homefirst[A-Z][A-Za-z0-9]+$/),
        'string',
      ]);
      expect([r.alert, r.for]).toEqual([r.alert, expect.stringMatching(/^\d+[smh]$/)]);
      expect([r.alert, r.labels?.['severity']]).toEqual([
        r.alert,
        expect.stringMatching(/^(warning|critical)$/),
      ]);
      expect([r.alert, typeof r.annotations?.['summary'], typeof r.annotations?.['description']]).toEqual([
        r.alert,
        'string',
        'string',
      ]);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('cover consumer lag, the dead-letter rate, a stalled projector and a source gone quiet', () => {
    const names = rules.map((r) => r.alert);
    for (const wanted of [
      'HomefirstConsumerLagHigh',
      'HomefirstDeadLettersRising',
      'HomefirstProjectorStalled',
      'HomefirstHl7SourceQuiet',
      'HomefirstFhirSourceQuiet',
      'HomefirstCouncilSourceQuiet',
    ])
      expect(names).toContain(wanted);
  });

  it('and the dashboard use only metrics the code exposes or Kafka Exporter gives', () => {
    const exposed = exposedMetrics();
    expect(exposed).toContain('homefirst_projection_lag');
    const used = [...rules.map((r) => String(r.expr)), ...dashboardExprs].flatMap(metricsIn);
    const unknown = used.filter((m) => !exposed.has(m) && !KAFKA_EXPORTER_METRICS.has(m));
    expect(unknown).toEqual([]);
    expect(metricsIn('rate(homefirst_hl7_ack_seconds_bucket[5m]) + homefirst_made_up_total')).toEqual([
      'homefirst_hl7_ack_seconds',
      'homefirst_made_up_total',
    ]);
  });
});

describe('the dashboard', () => {
  it('shows ingest and rejects per source, ACK latency, consumer and projection lag, dead letters and 48-hour breaches', () => {
    const all = dashboardExprs.join('\n');
    for (const metric of [
      'homefirst_hl7_messages_accepted_total',
      'homefirst_fhir_accepted_total',
      'homefirst_council_records_accepted_total',
      'homefirst_hl7_messages_rejected_total',
      'homefirst_fhir_rejected_total',
      'homefirst_council_records_rejected_total',
      'homefirst_hl7_ack_seconds_bucket',
      'kafka_consumergroup_lag',
      'homefirst_projection_lag',
      'homefirst_projector_dead_letters_total',
      'homefirst_projector_alerts_total{type="DischargeDeadlineBreached"}',
    ])
      expect(all).toContain(metric);
    expect(dashboard.uid).toBe('homefirst-hub');
  });
});

describe('the compose monitoring profile', () => {
  const compose = parse(readFileSync(join(REPO_ROOT, 'infra/docker-compose.yml'), 'utf8')) as {
    services: Record<string, { profiles?: string[]; volumes?: string[]; command?: string[] }>;
  };

  it('runs Prometheus with the alert rules and Grafana with the provisioned dashboard', () => {
    const { prometheus, grafana } = compose.services;
    expect(prometheus?.profiles).toEqual(['monitoring']);
    expect(prometheus?.volumes).toContain('./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
    expect(grafana?.volumes).toEqual(
      expect.arrayContaining([
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        './grafana/dashboards:/var/lib/grafana/dashboards:ro',
      ]),
    );
    const promConfig = parse(readFileSync(join(REPO_ROOT, 'infra/prometheus/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
    };
    expect(promConfig.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
  });

  it('leaves the default stack (kafka, registry, redis) as it was', () => {
    const always = Object.entries(compose.services)
      .filter(([, s]) => s.profiles === undefined)
      .map(([name]) => name);
    expect(always.sort()).toEqual(['kafka', 'redis', 'registry']);
  });
});

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
// promtool comes with Prometheus (Debian: apt-get install prometheus); without it these two are skipped.
(promtool ? describe : describe.skip)('promtool', () => {
  it('checks the rules and passes their unit tests (infra/prometheus/alerts.test.yml)', () => {
    const check = spawnSync('promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' });
    expect([check.status, check.stderr]).toEqual([0, '']);
    const unit = spawnSync(
      'promtool',
      ['test', 'rules', join(REPO_ROOT, 'infra/prometheus/alerts.test.yml')],
      { encoding: 'utf8' },
    );
    expect([unit.status, unit.stderr]).toEqual([0, '']);
  });

  it('fails a rule whose expression does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
    try {
      const broken = readFileSync(ALERTS, 'utf8').replace(
        'sum(homefirst_projection_lag) > 5000',
        'sum(homefirst_projection_lag > 5000',
      );
      writeFileSync(join(dir, 'alerts.yml'), broken);
      expect(
        spawnSync('promtool', ['check', 'rules', join(dir, 'alerts.yml')], { encoding: 'utf8' }).status,
      ).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
