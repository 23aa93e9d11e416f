import { IdentityIndex, registerConnectorDataTeamCommands } from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import type { Command } from 'commander';
import { loadHl7ToolConfig } from '../config';
import { openHl7Ingest } from '../connector';
import { hl7RawMapper } from './remap-mapper';
import { hl7Redriver } from './redriver';

interface DataTeamIo {
  readonly stdout: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * `remap` and `redrive`: the data teams' commands over this connector's mapping and ingest path
 * (`homefirst remap --from-raw --source hl7v2` and `homefirst deadletters redrive` run them). The shared
 * machinery — the wiring, reading the topics, the diff, publishing, the summary, the redrive marks — is
 * runtime's.
 */
export function registerDataTeamCommands(
  program: Command,
  io: DataTeamIo,
  setExit: (code: number) => void,
): void {
  registerConnectorDataTeamCommands(program, {
    source: 'hl7v2',
    remapDescription:
      "re-map the raw HL7 records with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type",
    redriveText: {
      path: 'the live HL7 ingest path',
      ids: 'eventIds of HL7 dead letters (homefirst deadletters list)',
    },
    loadConfig: () => loadHl7ToolConfig(io.env),
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
    env: io.env,
    out: (text) => io.stdout.write(text),
    setExit,
  });
}
