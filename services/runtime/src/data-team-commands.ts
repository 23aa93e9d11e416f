import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import type { HubConfig } from './config';
import { addRedriveCommand, redriveFlagOptions, runRedriveCommand, type Redriver } from './dead-letters';
import { createLogger, type Logger } from './logger';
import { connectRedis, createRedis } from './redis';
import { addRemapCommand, remapFlagOptions, runRemapCommand, type DataSource, type RawMapper } from './remap';

/** What a connector's redrive runs on: its live path, its Redis (the marks) and a connected producer. */
export interface RedrivePath {
  readonly redriver: Redriver;
  readonly redis: Redis;
  readonly producer: Producer;
  /** Disconnects what was opened for the command. */
  readonly close: () => Promise<void>;
}

/** A connector's part of `remap` and `redrive`; the rest is the same for every connector. */
export interface DataTeamCommandsSpec<
  C extends Pick<HubConfig, 'kafka' | 'registry' | 'topicPrefix' | 'redis'>,
> {
  readonly source: DataSource;
  /** What this connector's `remap` re-maps (the command's description). */
  readonly remapDescription: string;
  /** The connector's live path and whose dead letters the ids name (see addRedriveCommand). */
  readonly redriveText: { readonly path: string; readonly ids: string };
  readonly loadConfig: (env: DataTeamIo['env']) => C;
  /** The key prefix of the connector's Redis (its identity index). */
  readonly redisKeyPrefix: (config: C) => string;
  /** Today's mapping of the raw records, identities resolved through the connector's Redis. */
  readonly remapMapper: (config: C, redis: Redis) => RawMapper;
  /** Opens the connector's live path for a redrive (connected; closed by `close`). */
  readonly openRedrive: (config: C, logger: Logger) => Promise<RedrivePath>;
}

/** Where the commands read their settings and write their output, and how they report the exit code. */
export interface DataTeamIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly setExit: (code: number) => void;
}

/**
 * Registers a connector's `remap` and `redrive` (run by `homefirst remap --from-raw --source …` and
 * `homefirst deadletters redrive`): the config, a quiet logger, the connector's Redis, the command and
 * the disconnects are the same for every connector, written here once.
 */
export function registerConnectorDataTeamCommands<
  C extends Pick<HubConfig, 'kafka' | 'registry' | 'topicPrefix' | 'redis'>,
>(program: Command, spec: DataTeamCommandsSpec<C>, io: DataTeamIo): void {
  addRemapCommand(program, spec.remapDescription, async (flags) => {
    const config = spec.loadConfig(io.env);
    const logger = createLogger({ name: `${spec.source}-remap`, level: 'fatal' }, process.stderr);
    const redis = createRedis(config, { keyPrefix: spec.redisKeyPrefix(config), logger });
    try {
      await connectRedis(redis);
      await runRemapCommand({
        config,
        source: spec.source,
        mapper: spec.remapMapper(config, redis),
        ...remapFlagOptions(flags),
        out: io.out,
      });
      io.setExit(0);
    } finally {
      redis.disconnect();
    }
  });

  addRedriveCommand(program, spec.redriveText, async (ids, flags) => {
    const config = spec.loadConfig(io.env);
    const logger = createLogger({ name: `${spec.source}-redrive`, level: 'fatal' }, process.stderr);
    const path = await spec.openRedrive(config, logger);
    try {
      io.setExit(
        await runRedriveCommand({
          config,
          source: spec.source,
          ids,
          ...redriveFlagOptions(flags, io.env),
          redriver: path.redriver,
          redis: path.redis,
          producer: path.producer,
          out: io.out,
        }),
      );
    } finally {
      await path.close();
    }
  });
}
