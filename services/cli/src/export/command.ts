import { Option, type Command } from 'commander';
import { EXPORT_TOPIC_NAMES, exportColumns } from './columns';
import { DEFAULT_DEDUPE_WINDOW } from './dedupe';
import { parseExportOptions, type RawExportOptions } from './options';
import { pseudonymisationPolicy } from './pseudonymise';
import { runExport } from './run-export';
import { EXPORT_FORMATS } from './writers';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `homefirst export events` and `homefirst export columns`. */
export function registerExportCommand(program: Command): void {
  const exportCommand = program
    .command('export')
    .description('export history from the topics for data teams (ndjson, csv or parquet)');

  exportCommand
    .command('events')
    .description(
      'export events, one row per event id, streamed in constant memory; writes an EventsExported audit record',
    )
    .addOption(
      new Option('--topic <name>', `topic to read, repeatable: ${EXPORT_TOPIC_NAMES.join(', ')}`).argParser(
        collect,
      ),
    )
    .option('--from <instant>', 'keep events at or after this instant (ISO 8601 with zone)')
    .option('--to <instant>', 'keep events at or before this instant (ISO 8601 with zone)')
    .option(
      '--by <basis>',
      '--from/--to apply to occurred (occurredAt, event time) or recorded (recordedAt)',
      'occurred',
    )
    .addOption(
      new Option('--types <types>', 'event types to keep, comma separated, repeatable').argParser(collect),
    )
    .option('--format <format>', `output format: ${EXPORT_FORMATS.join(', ')}`)
    .option('--pseudonymise', 'drop NHS numbers, MRNs, spell, referral and package ids and free text')
    .option(
      '--pseudonym-key-file <file>',
      "with --pseudonymise: re-key personKey and eventId with this recipient's key",
    )
    .option('--recipient <name>', 'who the extract is for (written to the audit record)')
    .option('--actor <name>', 'who runs the export (default: HOMEFIRST_ACTOR, else the OS user)')
    .option('--out <path>', 'file to write (replaced only when the export succeeded)')
    .option('--dedupe-window <n>', 'recent event ids remembered per partition', String(DEFAULT_DEDUPE_WINDOW))
    .option('--json', 'print the result summary as JSON')
    .action(async (opts: RawExportOptions) => {
      const request = parseExportOptions(opts);
      const summary = await runExport(request);
      if (request.json) console.log(JSON.stringify(summary));
      else
        console.log(
          `exported ${summary.rows} rows to ${summary.out} (${summary.read} records read, ${summary.duplicates} duplicates dropped, ${summary.filteredOut} filtered out, ${summary.unreadable} unreadable)`,
        );
    });

  exportCommand
    .command('columns')
    .description('print the columns of a csv/parquet export and what --pseudonymise does to each field')
    .addOption(new Option('--topic <name>', 'topic, repeatable').argParser(collect))
    .option('--pseudonymise', 'the columns of a pseudonymised export')
    .option('--json', 'as JSON')
    .action((opts: { topic?: string[]; pseudonymise?: boolean; json?: boolean }) => {
      const request = parseExportOptions({ topic: opts.topic ?? [], format: 'csv', out: '-' });
      const columns = exportColumns(request.specs, opts.pseudonymise === true);
      const policy = pseudonymisationPolicy(request.specs).filter(
        (f) => f.treatment !== 'keep' || f.kind === 'string',
      );
      if (opts.json === true) {
        console.log(JSON.stringify({ columns, pseudonymisation: policy }));
        return;
      }
      for (const column of columns) console.log(`${column.name}\t${column.kind}`);
      console.log('');
      for (const field of policy) console.log(`${field.treatment}\t${field.field}`);
    });
}
