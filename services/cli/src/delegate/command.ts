import { Argument, type Command } from 'commander';
import { CONNECTOR_SOURCES, connectorPackage, runPackageBin, type ConnectorSource } from './connector-bin';

/**
 * `homefirst map <source> <file>` — the feed checker — and `homefirst ingest council <file>`, both run by
 * the connector's own command so they use exactly the live mapping. Exit codes pass through:
 * 0 events printed, 1 rejected (the reason printed as JSON), 2 usage error.
 */
export function registerConnectorCommands(program: Command): void {
  program
    .command('map')
    .description(
      'check a feed before go-live: print the events a file maps to, as JSON lines (exit 0), or why it is rejected (exit 1)',
    )
    .addArgument(new Argument('<source>', 'the connector').choices(CONNECTOR_SOURCES))
    .argument('<file>', 'a message file: HL7 v2 (.hl7, batches allowed), FHIR JSON, or council CSV/JSON')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (source: ConnectorSource, file: string, _opts: unknown, cmd: Command) => {
      process.exitCode = await runPackageBin(connectorPackage(source), ['map', file, ...cmd.args.slice(2)]);
    });

  program
    .command('ingest')
    .description('load a council CSV export through the council connector (streamed, resumable, idempotent)')
    .addArgument(new Argument('<source>', 'the connector').choices(['council']))
    .argument('<file>', 'the CSV file')
    .option('--mapping <name>', 'column mapping of the export (e.g. las, mosaic, homefirst)')
    .action(async (source: ConnectorSource, file: string, opts: { mapping?: string }) => {
      const extra = opts.mapping === undefined ? [] : ['--mapping', opts.mapping];
      process.exitCode = await runPackageBin(connectorPackage(source), ['ingest', file, ...extra]);
    });
}
