import type { Command } from 'commander';

/** A connector's `remap` flags as commander parses them. */
export interface RemapFlags {
  readonly from?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  /** False with --no-progress. */
  readonly progress?: boolean;
}

/**
 * Adds a connector's `remap` command (run by `homefirst remap --from-raw --source …`): the flags are the
 * same for every connector, written here once; `description` says what this connector re-maps.
 */
export function addRemapCommand(
  program: Command,
  description: string,
  action: (flags: RemapFlags) => Promise<void>,
): Command {
  return program
    .command('remap')
    .description(description)
    .option('--from <time>', 'raw records from this time (ISO 8601); default the earliest kept')
    .option('--dry-run', 'compare and print the summary; publish nothing')
    .option('--json', 'the summary as JSON')
    .option('--no-progress', 'no progress bar / JSON progress lines on stderr')
    .action(action);
}

/** The part of `runRemapCommand`'s options that the flags decide. */
export function remapFlagOptions(flags: RemapFlags): {
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly progress?: boolean;
  readonly from?: string;
} {
  return {
    dryRun: flags.dryRun === true,
    json: flags.json === true,
    ...(flags.progress !== undefined && { progress: flags.progress }),
    ...(flags.from !== undefined && { from: flags.from }),
  };
}
