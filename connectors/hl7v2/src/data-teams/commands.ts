import {
  addRedriveCommand,
  addRemapCommand,
  connectRedis,
  createRedis,
  createLogger,
  IdentityIndex,
  redriveFlagOptions,
  remapFlagOptions,
  runRedriveCommand,
  runRemapCommand,
} from '@homefirst/runtime';
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
 * machinery — reading the topics, the diff, publishing, the summary, the redrive marks — is runtime's.
 */
export function registerDataTeamCommands(
  program: Command,
  io: DataTeamIo,
  setExit: (code: number) => void,
): void {
  addRemapCommand(
    program,
    "re-map the raw HL7 records with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type",
    async (flags) => {
      const config = loadHl7ToolConfig(io.env);
      const logger = createLogger({ name: 'hl7v2-remap', level: 'fatal' }, process.stderr);
      const redis = createRedis(config, {
        keyPrefix: config.redisKeyPrefix,
        logger,
      });
      try {
        await connectRedis(redis);
        await runRemapCommand({
          config,
          source: 'hl7v2',
          mapper: hl7RawMapper(
            { settings: config.mapping, personKey: createPersonKeyer(config.personKeySecret) },
            new IdentityIndex(redis),
          ),
          ...remapFlagOptions(flags),
          out: (text) => io.stdout.write(text),
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
      path: 'the live HL7 ingest path',
      ids: 'eventIds of HL7 dead letters (homefirst deadletters list)',
    },
    async (ids, flags) => {
      const config = loadHl7ToolConfig(io.env);
      const logger = createLogger({ name: 'hl7v2-redrive', level: 'fatal' }, process.stderr);
      const ingest = await openHl7Ingest({ ...config, transport: 'FILE' }, logger);
      try {
        setExit(
          await runRedriveCommand({
            config,
            source: 'hl7v2',
            ids,
            ...redriveFlagOptions(flags, io.env),
            redriver: hl7Redriver(ingest.pipeline),
            redis: ingest.redis,
            producer: ingest.producer,
            out: (text) => io.stdout.write(text),
          }),
        );
      } finally {
        await ingest.close();
      }
    },
  );
}
