import { spawn } from 'node:child_process';
import { Argument, type Command, Option } from 'commander';
import { loadStackSettings } from './settings';
import { stackDown, stackLogs, stackStatus, stackUp, type ComponentStatus } from './stack';
import { components } from './components';
import { serverStatusLine } from './status-line';

/** Servers a command may name (`kafka-2`, `kafka-3`: the other nodes of a three-node cluster). */
const SERVERS = ['kafka', 'kafka-2', 'kafka-3', 'registry', 'redis'];

function printStatus(rows: readonly ComponentStatus[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  for (const r of rows) console.log(serverStatusLine(r, 9));
  for (const r of rows) {
    if (r.underReplicated === undefined) continue;
    const shown = r.underReplicated.slice(0, 10).join(', ');
    const more = r.underReplicated.length > 10 ? `, … (${r.underReplicated.length - 10} more)` : '';
    console.log(
      `kafka cluster: ${r.underReplicated.length === 0 ? 'no under-replicated partitions' : `${r.underReplicated.length} under-replicated partition(s): ${shown}${more}`}`,
    );
  }
}

export function registerStackCommand(program: Command): void {
  const stack = program
    .command('stack')
    .description('the local Kafka, schema registry and Redis (no Docker needed)');

  stack
    .command('up')
    .description(
      'start the stack, or reuse a healthy running one; downloads the servers from Maven Central on first use',
    )
    .option('--json', 'print the status as JSON')
    .addOption(
      new Option(
        '--brokers <n>',
        'Kafka nodes: 1, or 3 for a KRaft cluster with replication factor 3 and min.insync.replicas 2 (fixed when Kafka is first formatted; default: as formatted, else 1)',
      ).choices(['1', '3']),
    )
    .action(async (opts: { json?: boolean; brokers?: string }) => {
      const settings = loadStackSettings(
        opts.brokers === undefined ? process.env : { ...process.env, HOMEFIRST_STACK_BROKERS: opts.brokers },
      );
      const started = Date.now();
      const rows = await stackUp(settings, (line) => console.error(line));
      printStatus(rows, opts.json === true);
      if (opts.json !== true)
        console.error(
          `stack healthy in ${((Date.now() - started) / 1000).toFixed(1)} s; state in ${settings.hubDir}`,
        );
    });

  stack
    .command('down')
    .description('stop the stack, or only the servers named (idempotent); data stays in .hub/')
    .addArgument(new Argument('[servers...]').choices(SERVERS))
    .action(async (servers: string[]) => {
      for (const r of await stackDown(loadStackSettings(), servers))
        console.log(`${r.name.padEnd(9)} ${r.result}`);
    });

  stack
    .command('status')
    .description('health of each server; exits 1 if any is down')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await stackStatus(loadStackSettings());
      printStatus(rows, opts.json === true);
      if (!rows.every((r) => r.healthy)) process.exitCode = 1;
    });

  stack
    .command('logs')
    .description("print a server's log (all servers when none is named)")
    .addArgument(new Argument('[server]').choices(SERVERS))
    .addOption(new Option('-n, --lines <n>', 'lines from the end').default('100'))
    .option('-f, --follow', 'keep printing as the log grows')
    .action((server: string | undefined, opts: { lines: string; follow?: boolean }) => {
      const settings = loadStackSettings();
      if (opts.follow === true) {
        const files = components(settings)
          .filter((c) => server === undefined || c.name === server)
          .map((c) => c.process.logFile);
        spawn('tail', ['-n', opts.lines, '-F', ...files], { stdio: 'inherit' });
        return;
      }
      for (const l of stackLogs(settings, server, Number(opts.lines))) {
        console.log(`==> ${l.name} (${l.file}) <==\n${l.text}`);
      }
    });
}
