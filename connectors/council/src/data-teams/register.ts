import { addRedriveCommand, addRemapCommand } from '@homefirst/runtime';
import type { Command } from 'commander';
import type { DataTeamIo } from './commands';

// Loaded when used (as `serve` is): `map` starts without kafkajs, Fastify or the record path's wiring.
/** Registers `remap` and `redrive` (run by `homefirst remap --from-raw` and `homefirst deadletters redrive`). */
export function registerDataTeamCommands(program: Command, io: DataTeamIo): void {
  addRemapCommand(
    program,
    "re-map the raw council records (REST bodies and CSV chunks) with today's mapping and publish only new or changed events (deterministic eventIds); prints new / changed / unchanged by event type. The order of each referral's steps is learned from the records read: re-map from the earliest record of the referrals concerned",
    async (flags) => {
      const { remapCommand } = await import('./commands.js');
      process.exitCode = await remapCommand(flags, io);
    },
  );

  addRedriveCommand(
    program,
    {
      path: 'the council record path',
      ids: 'eventIds of council dead letters (homefirst deadletters list)',
    },
    async (ids, flags) => {
      const { redriveCommand } = await import('./commands.js');
      process.exitCode = await redriveCommand(ids, flags, io);
    },
  );
}
