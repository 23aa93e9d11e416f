import { InvalidArgumentError, type Command } from 'commander';
import { catalogue, type TopicSpec } from '@homefirst/schemas';
import { withKafkaAdmin } from '../kafka-admin';
import { applyTopics, type ApplyTopicsReport } from './apply';
import { configurableTopics as configurable, loadTopicsConfig, withBrokers } from './config';

interface ApplyFlags {
  brokers?: string;
  prefix?: string;
  partitions?: number;
  replicationFactor?: number;
  fixConfigs?: boolean;
  json?: boolean;
  [retentionFlag: string]: unknown;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

const retentionText = (t: TopicSpec): string =>
  t.retention.kind === 'forever' ? 'forever' : `${t.retention.defaultMs / 86_400_000} days (configurable)`;

const printReport = (report: ApplyTopicsReport, json: boolean): void => {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const t of report.topics) {
    const detail =
      t.status === 'mismatched'
        ? t.problems.join('; ')
        : t.status === 'updated'
          ? `${t.partitions} partitions; fixed ${t.changes.join('; ')}`
          : `${t.partitions} partitions`;
    console.log(`${t.status.padEnd(10)} ${t.topic.padEnd(40)} ${detail}`);
  }
};

/** `homefirst topics apply|list`: the Kafka topics of the contract (schemas/src/catalogue). */
export function registerTopicsCommand(program: Command): void {
  const topics = program.command('topics').description('the Kafka topics of the event contract');

  const apply = topics
    .command('apply')
    .description(
      'create missing topics and check existing ones against the catalogue (idempotent); exits 1 on a mismatch',
    )
    .option(
      '--brokers <list>',
      'comma-separated bootstrap brokers (default: HOMEFIRST_KAFKA_BROKERS; TLS and SASL from the HOMEFIRST_KAFKA_* settings)',
    )
    .option('--prefix <prefix>', 'prepend to every topic name (default: HOMEFIRST_TOPIC_PREFIX)')
    .option('--partitions <n>', "partition count of every topic (default: the catalogue's)", positiveInt)
    .option(
      '--replication-factor <n>',
      "replication factor of created topics (default: the broker's)",
      positiveInt,
    )
    .option(
      '--fix-configs',
      "set drifted retention / cleanup configs back to the catalogue's instead of failing",
    )
    .option('--json', 'print the report as JSON');
  for (const c of configurable) {
    apply.option(
      `--${c.flag} <ms>`,
      `retention of ${c.spec.name} (env ${c.env}; default ${retentionText(c.spec)})`,
      positiveInt,
    );
  }

  apply.action(async (flags: ApplyFlags) => {
    // The same hub config the services parse (brokers, TLS, SASL, prefix), flags over it.
    const config = loadTopicsConfig(process.env);
    const retentionMs: Record<string, number> = { ...config.retentionMs };
    for (const c of configurable) {
      const fromFlag = flags[c.option];
      if (typeof fromFlag === 'number') retentionMs[c.spec.name] = fromFlag;
    }
    await withKafkaAdmin(withBrokers(config.hub, flags.brokers), async (admin) => {
      const report = await applyTopics(admin, catalogue, {
        prefix: flags.prefix ?? config.hub.topicPrefix,
        retentionMs,
        fixConfigs: flags.fixConfigs === true,
        ...(flags.partitions === undefined ? {} : { partitions: flags.partitions }),
        ...(flags.replicationFactor === undefined ? {} : { replicationFactor: flags.replicationFactor }),
      });
      printReport(report, flags.json === true);
      if (!report.ok) process.exitCode = 1;
    });
  });

  topics
    .command('list')
    .description('print the catalogue: topic, key, partitions, retention, subject, event types')
    .option('--json', 'print as JSON (without the Avro schemas)')
    .action((flags: { json?: boolean }) => {
      const rows = catalogue.map((t) => ({
        topic: t.name,
        key: t.key.field,
        partitions: t.partitions,
        copartitionGroup: t.copartitionGroup,
        retention: retentionText(t),
        cleanupPolicy: t.cleanupPolicy,
        valueSubject: t.valueSubject,
        eventTypes: t.eventTypes,
      }));
      if (flags.json === true) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      for (const r of rows) {
        console.log(
          `${r.topic}\n  key ${r.key}, ${r.partitions} partitions, retention ${r.retention}, subject ${r.valueSubject}`,
        );
        console.log(`  ${r.eventTypes.join(', ')}`);
      }
    });
}
