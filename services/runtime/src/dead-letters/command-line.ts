import type { Command } from 'commander';
import { actorOf } from './command';

/** A connector's `redrive` flags as commander parses them. */
export interface RedriveFlags {
  readonly force?: boolean;
  readonly json?: boolean;
  readonly actor?: string;
}

/**
 * Adds a connector's `redrive <ids…>` command (run by `homefirst deadletters redrive`): the flags are the
 * same for every connector, written here once; `path` names the connector's live path (e.g. "the council
 * record path") and `ids` describes whose dead letters the ids name.
 */
export function addRedriveCommand(
  program: Command,
  text: { readonly path: string; readonly ids: string },
  action: (ids: string[], flags: RedriveFlags) => Promise<void>,
): Command {
  return program
    .command('redrive')
    .description(
      `send dead letters (by eventId) through ${text.path} again and report each: accepted, refused again (with the new reason), or unavailable; a redriven dead letter is marked and not redriven again without --force`,
    )
    .argument('<ids...>', text.ids)
    .option('--force', 'redrive even a dead letter already redriven (the mark is taken over)')
    .option('--json', 'one JSON line per dead letter')
    .option(
      '--actor <name>',
      'who redrives, for the audit record (default HOMEFIRST_ACTOR, else the OS user)',
    )
    .action(action);
}

/** The part of `runRedriveCommand`'s options that the flags (and HOMEFIRST_ACTOR) decide. */
export function redriveFlagOptions(
  flags: RedriveFlags,
  env: Readonly<Record<string, string | undefined>>,
): { readonly force: boolean; readonly json: boolean; readonly actor: string } {
  return { force: flags.force === true, json: flags.json === true, actor: actorOf(env, flags.actor) };
}
