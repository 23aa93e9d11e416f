import { IdentityIndex, type DataTeamCommandsSpec } from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import { loadHl7ToolConfig, type Hl7ToolConfig } from '../config';
import { openHl7Ingest } from '../connector';
import { hl7RawMapper } from './remap-mapper';
import { hl7Redriver } from './redriver';

/**
 * This connector's part of `remap` and `redrive`, the data teams' commands over its mapping and ingest
 * path (`homefirst remap --from-raw --source hl7v2` and `homefirst deadletters redrive` run them). The
 * shared machinery — the wiring, reading the topics, the diff, publishing, the summary, the redrive
 * marks — is runtime's registerConnectorDataTeamCommands.
 */
export const hl7DataTeamCommands: DataTeamCommandsSpec<Hl7ToolConfig> = {
  source: 'hl7v2',
  remapDescription:
    "re-map the raw HL7 records with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type",
  redriveText: {
    path: 'the live HL7 ingest path',
    ids: 'eventIds of HL7 dead letters (homefirst deadletters list)',
  },
  loadConfig: loadHl7ToolConfig,
  redisKeyPrefix: (config) => config.redisKeyPrefix,
  remapMapper: (config, redis) =>
    hl7RawMapper(
      { settings: config.mapping, personKey: createPersonKeyer(config.personKeySecret) },
      new IdentityIndex(redis),
    ),
  openRedrive: async (config, logger) => {
    const ingest = await openHl7Ingest({ ...config, transport: 'FILE' }, logger);
    return {
      redriver: hl7Redriver(ingest.pipeline),
      redis: ingest.redis,
      producer: ingest.producer,
      close: () => ingest.close(),
    };
  },
};
