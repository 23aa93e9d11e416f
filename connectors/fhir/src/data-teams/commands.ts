import {
  actorOf,
  connectRedis,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  IdentityIndex,
  runRedriveCommand,
  runRemapCommand,
} from '@homefirst/runtime';
import { createPersonKeyer, createRegistryClient, EventCodec } from '@homefirst/schemas';
import type { Command } from 'commander';
import { loadFhirConfig, type FhirConfig } from '../config';
import { createIngest } from '../connector';
import { fhirRawMapper } from './remap-mapper';
import { fhirRedriver } from './redriver';
import type { FhirParseSettings } from './submit';

interface DataTeamIo {
  readonly out: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const parseSettingsOf = (config: FhirConfig): FhirParseSettings => ({
  mrnSystems: config.fhir.mrnSystems,
  extensionUrls: config.fhir.extensionUrls,
  clockSkewToleranceMs: config.fhir.clockSkewToleranceMs,
  nhsNumbers: config.nhsNumbers,
});

/**
 * `remap` and `redrive`: the data teams' commands over this connector's mapping and submission path
 * (`homefirst remap --from-raw --source fhir` and `homefirst deadletters redrive` run them); the shared
 * machinery is runtime's.
 */
export function registerDataTeamCommands(
  program: Command,
  io: DataTeamIo,
  setExit: (code: number) => void,
): void {
  program
    .command('remap')
    .description(
      "re-map the raw FHIR records with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type. Spell snapshots are rebuilt in memory from the records read: re-map from the earliest record of the spells concerned",
    )
    .option('--from <time>', 'raw records from this time (ISO 8601); default the earliest kept')
    .option('--dry-run', 'compare and print the summary; publish nothing')
    .option('--json', 'the summary as JSON')
    .option('--no-progress', 'no progress bar / JSON progress lines on stderr')
    .action(async (opts: { from?: string; dryRun?: boolean; json?: boolean; progress: boolean }) => {
      const config = loadFhirConfig(io.env, 'tool');
      const logger = createLogger({ name: 'fhir-remap', level: 'fatal' }, process.stderr);
      const redis = createRedis(config, { keyPrefix: config.fhir.redisPrefix, logger });
      try {
        await connectRedis(redis);
        await runRemapCommand({
          config,
          source: 'fhir',
          mapper: fhirRawMapper(
            createPersonKeyer(config.personKeySecret),
            parseSettingsOf(config),
            new IdentityIndex(redis),
          ),
          dryRun: opts.dryRun === true,
          json: opts.json === true,
          progress: opts.progress,
          ...(opts.from !== undefined && { from: opts.from }),
          out: io.out,
        });
        setExit(0);
      } finally {
        redis.disconnect();
      }
    });

  program
    .command('redrive')
    .description(
      'send dead letters (by eventId) through the FHIR submission path again and report each: accepted, refused again (with the new reason), or unavailable; a redriven dead letter is marked and not redriven again without --force',
    )
    .argument('<ids...>', 'eventIds of FHIR dead letters (homefirst deadletters list)')
    .option('--force', 'redrive even a dead letter already redriven (the mark is taken over)')
    .option('--json', 'one JSON line per dead letter')
    .option(
      '--actor <name>',
      'who redrives, for the audit record (default HOMEFIRST_ACTOR, else the OS user)',
    )
    .action(async (ids: string[], opts: { force?: boolean; json?: boolean; actor?: string }) => {
      const config = loadFhirConfig(io.env, 'tool');
      const logger = createLogger({ name: 'fhir-redrive', level: 'fatal' }, process.stderr);
      const kafka = createKafka(config, logger);
      const producer = createProducer(kafka);
      const redis = createRedis(config, { keyPrefix: config.fhir.redisPrefix, logger });
      try {
        await producer.connect();
        await connectRedis(redis);
        const codec = new EventCodec({
          registry: createRegistryClient({ url: config.registry.url }),
          prefix: config.topicPrefix,
        });
        const ingest = createIngest({
          producer,
          codec,
          redis,
          topicPrefix: config.topicPrefix,
          personKeySecret: config.personKeySecret,
          logger,
        });
        setExit(
          await runRedriveCommand({
            config,
            source: 'fhir',
            ids,
            force: opts.force === true,
            json: opts.json === true,
            redriver: fhirRedriver(ingest, parseSettingsOf(config)),
            redis,
            producer,
            actor: actorOf(io.env, opts.actor),
            out: io.out,
          }),
        );
      } finally {
        redis.disconnect();
        await producer.disconnect().catch(() => undefined);
      }
    });
}
