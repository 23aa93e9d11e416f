import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { downloadSitrep, parseSitrepOptions, type RawSitrepOptions } from './sitrep';

/** `homefirst measures …`: the national measures the hub computes, downloaded through the API. */
export function registerMeasuresCommand(program: Command): void {
  const measures = program
    .command('measures')
    .description('download the national measures the hub computes (through the API, with a bearer token)');

  measures
    .command('sitrep')
    .description(
      'the acute discharge sitrep return in the published long format: daily NCTR, discharged and remaining; weekly additional bed days (7, 14, 21+ days); monthly delayed bed days and cost',
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (London)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (London); at most 366 days in all')
    .option('--out <file>', 'write it here instead of standard output')
    .option('--format <format>', 'csv (the published long format) or json', 'csv')
    .option(
      '--api <url>',
      'the API (default HOMEFIRST_API_URL, else http://localhost:HOMEFIRST_API_PORT or 8080)',
    )
    .option('--token <jwt>', 'bearer token (default HOMEFIRST_API_TOKEN)')
    .action(async (opts: RawSitrepOptions & { out?: string }) => {
      const text = await downloadSitrep(parseSitrepOptions(opts, process.env));
      if (opts.out === undefined) process.stdout.write(text);
      else await writeFile(opts.out, text);
    });
}
