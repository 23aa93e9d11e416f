import {
  actorOf,
  connectRedis,
  createRedis,
  createLogger,
  IdentityIndex,
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
  program
    .command('remap')
    .description(
      "re-map the raw HL7 records with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type",
    )
    .option('--from <time>', 'raw records from this time (ISO 8601); default the earliest kept')
    .option('--dry-run', 'compare and print the summary; publish nothing')
    .option('--json', 'the summary as JSON')
    .option('--no-progress', 'no progress bar / JSON progress lines on stderr')
    .action(async (opts: { from?: string; dryRun?: boolean; json?: boolean; progress: boolean }) => {
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
          dryRun: opts.dryRun === true,
          json: opts.json === true,
          progress: opts.progress,
          ...(opts.from !== undefined && { from: opts.from }),
          out: (text) => io.stdout.write(text),
        });
        setExit(0);
      } finally {
        redis.disconnect();
      }
    });

  program
    .command('redrive')
    .description(
      'send dead letters (by eventId) through the live HL7 ingest path again and report each: accepted, refused again (with the new reason), or unavailable; a redriven dead letter is marked and not redriven again without --force',
    )
    .argument('<ids...>', 'eventIds of HL7 dead letters (homefirst deadletters list)')
    .option('--force', 'redrive even a dead letter already redriven (the mark is taken over)')
    .option('--json', 'one JSON line per dead letter')
    .option(
      '--actor <name>',
      'who redrives, for the audit record (default HOMEFIRST_ACTOR, else the OS user)',
    )
    .action(async (ids: string[], opts: { force?: boolean; json?: boolean; actor?: string }) => {
      const config = loadHl7ToolConfig(io.env);
      const logger = createLogger({ name: 'hl7v2-redrive', level: 'fatal' }, process.stderr);
      const ingest = await openHl7Ingest({ ...config, transport: 'FILE' }, logger);
      try {
        setExit(
          await runRedriveCommand({
            config,
            source: 'hl7v2',
            ids,
            force: opts.force === true,
            json: opts.json === true,
            redriver: hl7Redriver(ingest.pipeline),
            redis: ingest.redis,
            producer: ingest.producer,
            actor: actorOf(io.env, opts.actor),
            out: (text) => io.stdout.write(text),
          }),
        );
      } finally {
        await ingest.close();
      }
    });
}
