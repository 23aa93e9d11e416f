import { readFile } from 'node:fs/promises';
import {
  ConfigError,
  commandProgram,
  createLogger,
  onShutdown,
  registerConnectorDataTeamCommands,
  runMain,
  startOpsServer,
  runCommandLine,
} from '@homefirst/runtime';
import type { Command } from 'commander';
import { loadHl7Config } from './config';
import { startHl7Connector } from './connector';
import { checkFeed } from './feed-check';
import { hl7DataTeamCommands } from './data-teams/commands';

/** Where the command writes; tests pass their own. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Exit codes: 0 mapped, 1 rejected, 2 usage error (bad arguments, unreadable file, bad configuration). */
export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

function buildProgram(io: CommandIo, setExit: (code: number) => void): Command {
  const program = commandProgram(
    'homefirst-hl7v2',
    'Homefirst HL7 v2 connector: MLLP listener (serve), feed checker (map), remap of raw records and dead-letter redrive',
    io,
  );

  program
    .command('serve')
    .description('start the MLLP listener (configuration from HOMEFIRST_* variables, see README)')
    .action(() => {
      runMain(() => serve(io.env), { name: 'hl7v2' });
    });

  program
    .command('map')
    .description(
      'map a file of HL7 v2 messages exactly as the live connector would, offline: events as JSON lines (exit 0), or the rejection as JSON (exit 1)',
    )
    .argument(
      '<file>',
      'HL7 v2 messages: one or many, CR or LF line ends, FHS/BHS batches or MLLP frames allowed',
    )
    .action(async (file: string) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (err) {
        io.stderr.write(
          `homefirst-hl7v2 map: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        setExit(EXIT.usage);
        return;
      }
      try {
        setExit(await checkFeed(bytes, io));
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        io.stderr.write(`homefirst-hl7v2 map: ${err.message}\n`);
        setExit(EXIT.usage);
      }
    });
  registerConnectorDataTeamCommands(program, hl7DataTeamCommands, {
    env: io.env,
    out: (text) => io.stdout.write(text),
    setExit,
  });
  return program;
}

/** The connector's command; the bin script calls it with process.argv. Never throws: failures set the exit code. */
export async function run(argv: string[], io: CommandIo = processIo): Promise<void> {
  let exitCode: number = EXIT.ok;
  const outcome = await runCommandLine(() => buildProgram(io, (code) => (exitCode = code)).parseAsync(argv), {
    name: 'homefirst-hl7v2',
    failed: EXIT.rejected,
    write: (line) => io.stderr.write(`${line}\n`),
  });
  process.exitCode = outcome ?? exitCode;
}

/** `serve`: the live connector with its ops server, until SIGINT/SIGTERM. */
async function serve(env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const config = loadHl7Config(env);
  const logger = createLogger({ name: 'hl7v2', level: config.log.level });
  const shutdown = onShutdown(logger);
  const connector = await startHl7Connector(config, logger);
  const ops = await startOpsServer({
    port: config.http.port,
    logger,
    checks: {
      kafka: () => connector.admin.describeCluster(),
      redis: () => connector.redis.ping(),
      registry: async (signal) => {
        const response = await fetch(`${config.registry.url}/subjects`, { signal });
        if (!response.ok) throw new Error(`registry answered ${response.status}`);
      },
    },
  });
  // Hooks run in reverse: the listener drains and closes first, the ops server last.
  shutdown.register('ops server', () => ops.close());
  shutdown.register('hl7 connector', () => connector.close());
  logger.info(
    { mllpPort: connector.mllpPort, opsPort: ops.port, topicPrefix: config.topicPrefix },
    'hl7v2 connector ready',
  );
}
