import {
  DATA_SOURCES,
  loadConfig,
  parseTimeOption,
  ValidationError,
  type DataSource,
} from '@homefirst/runtime';
import type { Command } from 'commander';
import { connectorPackage, runPackageBin } from '../delegate/connector-bin';

interface RemapOptions {
  fromRaw?: boolean;
  source?: string;
  from?: string;
  dryRun?: boolean;
  json?: boolean;
  progress: boolean;
}

/** The sources named by --source, checked here so a typo is one line and exit 1 before anything runs. */
export function remapSources(source: string | undefined): readonly DataSource[] {
  if (source === undefined) return DATA_SOURCES;
  const known = DATA_SOURCES.find((s) => s === source.toLowerCase());
  if (known === undefined)
    throw new ValidationError(`--source: unknown source "${source}" (one of ${DATA_SOURCES.join(', ')})`, [
      { path: '--source', message: 'unknown source' },
    ]);
  return [known];
}

/**
 * `homefirst remap --from-raw [--source hl7v2|fhir|council] [--from T] [--dry-run] [--json]`: each source's
 * own `remap` (the connector's live mapping, found by package name), one after the other. Exit 0 when every
 * source's remap finished, else the first failure's code.
 */
export function registerRemapCommand(program: Command): void {
  program
    .command('remap')
    .description(
      "re-map the raw topic with today's mappers and publish only new or changed events (same deterministic eventIds, so nothing doubles); prints new / changed / unchanged events by type. Messages held for an unknown person are retried with today's identity index",
    )
    .option('--from-raw', 'read the raw topic (homefirst.raw.v1) — the source of re-mapping')
    .option('--source <source>', `only this connector's records: ${DATA_SOURCES.join(', ')} (default: all)`)
    .option('--from <time>', 'raw records from this time (ISO 8601); default the earliest kept')
    .option('--dry-run', 'compare and print the summary; publish nothing')
    .option('--json', 'the summary as JSON (one object per source)')
    .option('--no-progress', 'no progress bar / JSON progress lines on stderr')
    .action(async (opts: RemapOptions) => {
      if (opts.fromRaw !== true)
        throw new ValidationError('remap needs --from-raw (re-mapping reads the raw topic)', [
          { path: '--from-raw', message: 'required' },
        ]);
      const sources = remapSources(opts.source);
      if (opts.from !== undefined) parseTimeOption('--from', opts.from);
      loadConfig(process.env); // the hub's variables, checked once before any connector starts
      const args = [
        ...(opts.from !== undefined ? ['--from', opts.from] : []),
        ...(opts.dryRun === true ? ['--dry-run'] : []),
        ...(opts.json === true ? ['--json'] : []),
        ...(opts.progress ? [] : ['--no-progress']),
      ];
      for (const source of sources) {
        const code = await runPackageBin(connectorPackage(source), ['remap', ...args]);
        if (code !== 0) {
          process.exitCode = code;
          return;
        }
      }
    });
}
