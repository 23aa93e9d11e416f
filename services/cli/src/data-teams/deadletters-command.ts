import {
  DATA_SOURCES,
  findDeadLetters,
  loadConfig,
  parseTimeRange,
  runListCommand,
  runShowCommand,
  sourceOfChannel,
  unknownIds,
  ValidationError,
  type DataSource,
  type DeadLetterFilter,
} from '@homefirst/runtime';
import type { Command } from 'commander';
import { connectorPackage, runPackageBin } from '../delegate/connector-bin';
import { remapSources } from './remap-command';

interface FilterOptions {
  sender?: string;
  code?: string;
  reason?: string;
  stage?: string;
  type?: string;
  source?: string;
  from?: string;
  to?: string;
}

const STAGES = ['PARSE', 'VALIDATE', 'MAP', 'PUBLISH', 'PROJECT'];

/** The filter options as a DeadLetterFilter; a bad time, stage or source is one clear line (exit 1). */
export function filterOf(opts: FilterOptions): DeadLetterFilter {
  const stage = opts.stage ?? opts.type;
  if (stage !== undefined && !STAGES.includes(stage.toUpperCase()))
    throw new ValidationError(`--stage: unknown stage "${stage}" (one of ${STAGES.join(', ')})`, [
      { path: '--stage', message: 'unknown stage' },
    ]);
  const source = opts.source === undefined ? undefined : remapSources(opts.source)[0];
  return {
    ...(opts.sender !== undefined && { sender: opts.sender }),
    ...(opts.code !== undefined && { code: opts.code }),
    ...(opts.reason !== undefined && { reason: opts.reason }),
    ...(stage !== undefined && { stage }),
    ...(source !== undefined && { source }),
    ...parseTimeRange(opts.from, opts.to),
  };
}

const hasFilter = (opts: FilterOptions): boolean =>
  [opts.sender, opts.code, opts.reason, opts.stage, opts.type, opts.source, opts.from, opts.to].some(
    (value) => value !== undefined,
  );

function addFilterOptions(command: Command): Command {
  return command
    .option('--sender <code>', 'the sending organisation (ODS / LA code) or system')
    .option('--code <errorCode>', 'the error code, e.g. HL7_NHS_NUMBER_TEST_RANGE')
    .option('--reason <words>', 'words of the reason (case-insensitive)')
    .option('--stage <stage>', `where it failed: ${STAGES.join(', ')}`)
    .option('--type <stage>', 'the same as --stage')
    .option('--source <source>', `the connector: ${DATA_SOURCES.join(', ')}`)
    .option('--from <time>', 'failed at or after this time (ISO 8601)')
    .option('--to <time>', 'failed before this time (ISO 8601)');
}

const out = (text: string): void => void process.stdout.write(text);

/**
 * `homefirst deadletters list | show | redrive`: browse the dead-letter topic and send chosen dead letters
 * through the live pipeline again. `list` and `show` read the topic here (runtime); `redrive` runs each
 * source's connector's own `redrive` (its live ingest path, in-process), found by package name.
 */
export function registerDeadLettersCommand(program: Command): void {
  const deadletters = program
    .command('deadletters')
    .description('browse, show and redrive dead letters (inputs the hub refused, with why)');

  addFilterOptions(
    deadletters
      .command('list')
      .description('the dead letters matching the filters: a table (no payloads), or --json lines')
      .option('--json', 'one JSON object per dead letter'),
  ).action(async (opts: FilterOptions & { json?: boolean }) => {
    const filter = filterOf(opts);
    await runListCommand({ config: loadConfig(process.env), filter, json: opts.json === true, out });
  });

  deadletters
    .command('show')
    .description(
      'print one dead letter: its reason, then the ORIGINAL PAYLOAD. The payload is patient data (NHS numbers, names, dates of birth): it goes to stdout only, by this explicit command, and never to a log — keep the output where the data may be',
    )
    .argument('<id>', 'the eventId of the dead letter (see list)')
    .option('--json', 'as one JSON object, the payload as text (or base64 when it is not UTF-8)')
    .action(async (id: string, opts: { json?: boolean }) => {
      await runShowCommand({ config: loadConfig(process.env), id, json: opts.json === true, out });
    });

  addFilterOptions(
    deadletters
      .command('redrive')
      .description(
        "send dead letters through the same pipeline as live traffic (the connector's ingest path: parse, map, identity, dedupe, durable write, answer) and report each: accepted, or refused again with the new reason. A redriven dead letter is marked (Redis, and a DeadLetterRedriven audit record) and is not redriven again: a second redrive is refused with a clear line unless --force. Exit 0 when every one was accepted",
      )
      .argument('[ids...]', 'eventIds of dead letters; or choose them with the filters')
      .option('--force', 'redrive even dead letters already redriven (takes the mark over)')
      .option('--json', 'one JSON line per dead letter')
      .option(
        '--actor <name>',
        'who redrives, for the audit record (default HOMEFIRST_ACTOR, else the OS user)',
      ),
  ).action(
    async (ids: string[], opts: FilterOptions & { force?: boolean; json?: boolean; actor?: string }) => {
      if (ids.length === 0 && !hasFilter(opts))
        throw new ValidationError('redrive: name dead letters by eventId or choose them with a filter', [
          { path: 'ids', message: 'none' },
        ]);
      const filter = ids.length > 0 ? { ...filterOf(opts), ids: new Set(ids) } : filterOf(opts);
      const found = await findDeadLetters(loadConfig(process.env), filter);
      const missing = ids.filter((id) => !found.some((stored) => stored.event.eventId === id));
      if (missing.length > 0) throw unknownIds(missing);
      if (found.length === 0) {
        out('no dead letters match\n');
        return;
      }
      const bySource = new Map<DataSource, string[]>();
      for (const { event } of found) {
        const source = sourceOfChannel(event.source.channel);
        if (source === null || event.payload.stage === 'PROJECT')
          throw new ValidationError(
            `dead letter ${event.eventId} was refused by the projector (${event.payload.errorCode}), not a connector: there is no ingest path to redrive it through`,
            [{ path: 'ids', message: 'not redrivable' }],
          );
        bySource.set(source, [...(bySource.get(source) ?? []), event.eventId]);
      }
      const flags = [
        ...(opts.force === true ? ['--force'] : []),
        ...(opts.json === true ? ['--json'] : []),
        ...(opts.actor !== undefined ? ['--actor', opts.actor] : []),
      ];
      let exitCode = 0;
      for (const [source, chosen] of bySource) {
        const code = await runPackageBin(connectorPackage(source), ['redrive', ...new Set(chosen), ...flags]);
        exitCode = Math.max(exitCode, code);
      }
      process.exitCode = exitCode;
    },
  );
}
