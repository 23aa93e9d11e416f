import {
  addRedriveCommand,
  addRemapCommand,
  connectRedis,
  createKafka,
  createLogger,
  createProducer,
  createRedis,
  IdentityIndex,
  redriveFlagOptions,
  remapFlagOptions,
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
  addRemapCommand(
    program,
    "re-map the raw FHIR records with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type. Spell snapshots are rebuilt in memory from the records read: re-map from the earliest record of the spells concerned",
    async (flags) => {
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
          ...remapFlagOptions(flags),
          out: io.out,
        });
        setExit(0);
      } finally {
        redis.disconnect();
      }
    },
  );

  addRedriveCommand(
    program,
    {
      path: 'the FHIR submission path',
      ids: 'eventIds of FHIR dead letters (homefirst deadletters list)',
    },
    async (ids, flags) => {
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
            ...redriveFlagOptions(flags, io.env),
            redriver: fhirRedriver(ingest, parseSettingsOf(config)),
            redis,
            producer,
            out: io.out,
          }),
        );
      } finally {
        redis.disconnect();
        await producer.disconnect().catch(() => undefined);
      }
    },
  );
}
