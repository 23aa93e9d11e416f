import {
  createLogger,
  describeError,
  HubError,
  isRetriable,
  runProgram,
  serviceProgram,
} from '@homefirst/runtime';
import { type Command } from 'commander';
import { mapCommand } from './commands/map-command';
import { registerDataTeamCommands } from './data-teams/register';
import { once } from 'node:events';

/** Writes a line to stdout, waiting when the reader is slower (a million events must not pile up in memory). */
const out = async (line: string): Promise<void> => {
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
};
const err = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** `homefirst-council serve | ingest <file.csv> | map <file>`. Exit codes: see each command and README. */
export function buildProgram(): Command {
  const program = serviceProgram(
    'homefirst-council',
    'Homefirst council connector: council case-system records (REST, CSV) → Kafka',
  );

  program
    .command('serve')
    .description(
      'serve POST /council/v1/records (HOMEFIRST_COUNCIL_PORT, default 8089) and watch HOMEFIRST_COUNCIL_DROP_DIR if set',
    )
    .action(async () => {
      try {
        // Loaded when used: the feed checker starts without Fastify, kafkajs' clients or the drop folder.
        const { serveCommand } = await import('./commands/serve.js');
        await serveCommand(process.env);
      } catch (failure) {
        const logger = createLogger({ name: 'council' });
        logger.fatal(
          {
            err: failure,
            code: failure instanceof HubError ? failure.code : 'UNEXPECTED',
            retriable: isRetriable(failure),
          },
          `fatal: ${describeError(failure)}`,
        );
        logger.flush();
        process.exit(1);
      }
    });

  program
    .command('ingest')
    .description(
      'stream a council CSV export into Kafka (resumable, idempotent); errors go to <file>.errors.jsonl',
    )
    .argument('<file>', 'the CSV file')
    .option(
      '--mapping <name>',
      'mapping of the export (las, mosaic, homefirst, or a path to a mapping JSON); detected from the header if left out',
    )
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, opts: { mapping?: string; progress: boolean }) => {
      const { ingestCommand } = await import('./commands/ingest.js');
      process.exitCode = await ingestCommand(file, {
        ...(opts.mapping !== undefined && { mapping: opts.mapping }),
        progress: opts.progress,
        env: process.env,
        stdout: out,
        stderr: err,
      });
    });

  program
    .command('map')
    .description(
      'check a council feed offline: events as JSON lines (exit 0), or the rejected rows as JSON (exit 1)',
    )
    .argument('<file>', 'a council CSV export or a JSON file of records')
    .option(
      '--mapping <name>',
      'mapping of the export; CSV: detected from the header if left out; JSON: the record format if left out',
    )
    .action(async (file: string, opts: { mapping?: string }) => {
      process.exitCode = await mapCommand(file, {
        ...(opts.mapping !== undefined && { mapping: opts.mapping }),
        env: process.env,
        stdout: out,
        stderr: err,
      });
    });

  registerDataTeamCommands(program, {
    env: process.env,
    out: (text) => void process.stdout.write(text),
  });
  return program;
}

/** Runs the command; the bin calls this. Never throws: failures set the exit code (2 = usage). */
export async function run(argv: readonly string[]): Promise<void> {
  // `map … | head` closes the pipe early: stop quietly, as other Unix tools do.
  process.stdout.on('error', (failure: NodeJS.ErrnoException) => {
    if (failure.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  await runProgram(() => buildProgram().parseAsync(argv), {
    name: 'homefirst-council',
    describe: describeError,
    write: err,
  });
}
