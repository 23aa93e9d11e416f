import type { Command } from 'commander';
import type { DataTeamIo, RedriveFlags, RemapFlags } from './commands';

// Loaded when used (as `serve` is): `map` starts without kafkajs, Fastify or the record path's wiring.
/** Registers `remap` and `redrive` (run by `homefirst remap --from-raw` and `homefirst deadletters redrive`). */
export function registerDataTeamCommands(program: Command, io: DataTeamIo): void {
  program
    .command('remap')
    .description(
      "re-map the raw council records (REST bodies and CSV chunks) with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type. The order of each referral's steps is learned from the records read: re-map from the earliest record of the referrals concerned",
    )
    .option('--from <time>', 'raw records from this time (ISO 8601); default the earliest kept')
    .option('--dry-run', 'compare and print the summary; publish nothing')
    .option('--json', 'the summary as JSON')
    .option('--no-progress', 'no progress bar / JSON progress lines on stderr')
    .action(async (opts: RemapFlags & { progress: boolean }) => {
      const { remapCommand } = await import('./commands.js');
      process.exitCode = await remapCommand(opts, io);
    });

  program
    .command('redrive')
    .description(
      'send dead letters (by eventId) through the council record path again and report each: accepted, refused again (with the new reason), or unavailable; a redriven dead letter is marked and not redriven again without --force',
    )
    .argument('<ids...>', 'eventIds of council dead letters (homefirst deadletters list)')
    .option('--force', 'redrive even a dead letter already redriven (the mark is taken over)')
    .option('--json', 'one JSON line per dead letter')
    .option(
      '--actor <name>',
      'who redrives, for the audit record (default HOMEFIRST_ACTOR, else the OS user)',
    )
    .action(async (ids: string[], opts: RedriveFlags) => {
      const { redriveCommand } = await import('./commands.js');
      process.exitCode = await redriveCommand(ids, opts, io);
    });
}
