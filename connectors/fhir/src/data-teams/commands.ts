import {
  createCodec,
  connectRedis,
  createKafka,
  createProducer,
  createRedis,
  IdentityIndex,
  type DataTeamCommandsSpec,
} from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import { loadFhirConfig, type FhirConfig } from '../config';
import { createIngest } from '../connector';
import { fhirRawMapper } from './remap-mapper';
import { fhirRedriver } from './redriver';
import type { FhirParseSettings } from './submit';

const parseSettingsOf = (config: FhirConfig): FhirParseSettings => ({
  mrnSystems: config.fhir.mrnSystems,
  extensionUrls: config.fhir.extensionUrls,
  clockSkewToleranceMs: config.fhir.clockSkewToleranceMs,
  nhsNumbers: config.nhsNumbers,
  ...(config.fhir.delayReasonCodes !== undefined && { delayReasonCodes: config.fhir.delayReasonCodes }),
});

/**
 * This connector's part of `remap` and `redrive`, the data teams' commands over its mapping and
 * submission path (`homefirst remap --from-raw --source fhir` and `homefirst deadletters redrive` run
 * them); the shared machinery is runtime's registerConnectorDataTeamCommands.
 */
export const fhirDataTeamCommands: DataTeamCommandsSpec<FhirConfig> = {
  source: 'fhir',
  remapDescription:
    "re-map the raw FHIR records with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type. Spell snapshots are rebuilt in memory from the records read: re-map from the earliest record of the spells concerned",
  redriveText: {
    path: 'the FHIR submission path',
    ids: 'eventIds of FHIR dead letters (homefirst deadletters list)',
  },
  loadConfig: (env) => loadFhirConfig(env, 'tool'),
  redisKeyPrefix: (config) => config.fhir.redisPrefix,
  remapMapper: (config, redis) =>
    fhirRawMapper(
      createPersonKeyer(config.personKeySecret),
      parseSettingsOf(config),
      new IdentityIndex(redis),
    ),
  openRedrive: async (config, logger) => {
    const producer = createProducer(createKafka(config, logger));
    const redis = createRedis(config, { keyPrefix: config.fhir.redisPrefix, logger });
    const close = async (): Promise<void> => {
      redis.disconnect();
      await producer.disconnect().catch(() => undefined);
    };
    try {
      await producer.connect();
      await connectRedis(redis);
    } catch (err) {
      await close();
      throw err;
    }
    const codec = createCodec(config);
    const ingest = createIngest({
      producer,
      codec,
      redis,
      topicPrefix: config.topicPrefix,
      personKeySecret: config.personKeySecret,
      logger,
      maxInputBytes: config.fhir.maxBodyBytes,
    });
    return { redriver: fhirRedriver(ingest, parseSettingsOf(config)), redis, producer, close };
  },
};
