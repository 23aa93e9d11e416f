import type { Command } from 'commander';
import { parseAsof, runAsof, type RawAsofOptions } from './asof';

/** The `replay` command group, shared with `replay rebuild` and `replay status`: made once, found after. */
function replayCommand(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'replay') ??
    program.command('replay').description('replay history: rebuild or back-date the read models')
  );
}

/** `homefirst replay asof <instant>`. */
export function registerAsofCommand(program: Command): void {
  replayCommand(program)
    .command('asof')
    // The group hands its own --help to the projector (a pass-through); this command is the CLI's own.
    .helpOption('-h, --help', 'display help for command')
    .description(
      'the read models as they stood at an instant: the JSON of `homefirst project` with now = T, sitrep CSV included',
    )
    .argument('<instant>', 'ISO 8601 instant with a zone, e.g. 2025-01-06T09:00:00Z')
    .option(
      '--by <basis>',
      'recorded: events the hub had recorded by T (what a board showed then); occurred: events that had happened by T, as known now',
      'recorded',
    )
    .option('--out <file>', 'write the JSON here instead of standard output')
    .option('--csv <file>', 'also write the sitrep CSV of the day of T here')
    .option('--bed-day-cost <gbp>', '£ per excess bed day (as `homefirst project`)')
    .option('--json', 'print a summary of the events read as JSON on stderr')
    .action(async (at: string, opts: RawAsofOptions & { json?: boolean }) => {
      const request = parseAsof(at, opts);
      const { counts, exitCode } = await runAsof(request);
      if (opts.json === true)
        console.error(JSON.stringify({ asof: request.at.toISOString(), by: request.by, ...counts }));
      process.exitCode = exitCode;
    });
}
