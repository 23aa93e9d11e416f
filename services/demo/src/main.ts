import {
  ConfigError,
  HubError,
  commandProgram,
  ValidationError,
  createLogger,
  describeError,
  runCommandLine,
} from '@homefirst/runtime';
import { type Command, Option } from 'commander';
import { loadDemoEnvironment, readSenderTls } from './cli/environment';
import { writeFeed } from './cli/files';
import {
  defaultStart,
  loadParameters,
  paceOf,
  parseOptions,
  type DemoOptions,
  type RawOptions,
} from './cli/options';
import { describeCity, describeProgress, describeSending, sampleMessages } from './cli/report';
import { planFeed, type Channel } from './feed/plan';
import { headlineFigures } from './model/headlines';
import { DAY_MS } from './model/london-time';
import { simulate } from './model/simulate';
import { renderDelivery } from './render/wire';
import { CouncilEdge, FhirEdge, MllpEdge, type Edge } from './send/edges';
import { replay, type Pace } from './send/scheduler';

/**
 * `homefirst-demo` — the synthetic city. `run` sends it through the hub's real edges, `generate` writes
 * it as files. Exit codes: 0 done, 1 failed (a message could not be delivered, or an edge refused the
 * demo's credentials), 2 usage error.
 */

interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
}

const processIo: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
};

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function addCityOptions(command: Command): Command {
  return command
    .option('--days <n>', 'simulated days', '7')
    .option('--seed <n>', 'random seed: the same seed and start give the same city, message for message', '1')
    .option(
      '--start <iso>',
      'first simulated instant (default: so that nothing is dated in the future, see README)',
    )
    .option('--params <file>', 'JSON file of parameters to change (merged over src/model/parameters.ts)');
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = commandProgram(
    'homefirst-demo',
    'Homefirst demo city: a seeded simulation of a trust and a council, fed through the hub edges',
    io,
  );

  addCityOptions(
    program
      .command('run')
      .description(
        'send the city through MLLP, FHIR and council REST, in (accelerated) real time or flat out',
      ),
  )
    .option('--backfill <days>', 'simulated days sent at once before pacing starts (--speed); default 2')
    .addOption(
      new Option(
        '--speed <n>',
        'simulated seconds per real second (1008: a week in ten minutes); default 1',
      ).conflicts('rate'),
    )
    .addOption(new Option('--rate <n>', 'flat out at n messages per second, for load').conflicts('speed'))
    .option('--lanes <n>', 'parallel connections per edge (each person keeps to one)', '4')
    .option('--dry-run', 'print the figures and one message of each kind; send nothing')
    .option('--out <dir>', 'also write the messages as files')
    .action(async (raw: RawOptions) => setExit(await runCommand(raw, io)));

  addCityOptions(
    program.command('generate').description('write the city as files (.hl7, .json, .csv) without sending'),
  )
    .requiredOption('--out <dir>', 'directory to write to')
    .action(async (raw: RawOptions) => setExit(await generateCommand(raw, io)));
  return program;
}

async function prepare(raw: RawOptions, io: Io, sending: boolean) {
  const options = parseOptions(raw);
  const parameters = await loadParameters(options.params);
  const pace = sending ? paceOf(options) : null;
  const start = options.start ?? defaultStart(io.now(), options.days, options.backfill, pace);
  const simulation = simulate({ start, days: options.days, seed: options.seed, parameters });
  const plan = planFeed(simulation);
  const figures = headlineFigures(simulation);
  return { options, simulation, plan, figures, pace };
}

async function generateCommand(raw: RawOptions, io: Io): Promise<number> {
  return guarded(io, async () => {
    const { options, simulation, plan, figures } = await prepare(raw, io, false);
    io.stdout.write(`${describeCity(simulation, figures, plan)}\n`);
    const out = options.out ?? '.';
    const { files } = await writeFeed(out, simulation, plan, figures);
    io.stdout.write(`Wrote ${plan.deliveries.length} messages in ${files} files to ${out}\n`);
    return EXIT.ok;
  });
}

async function runCommand(raw: RawOptions, io: Io): Promise<number> {
  return guarded(io, async () => {
    const { options, simulation, plan, figures, pace } = await prepare(raw, io, true);
    const environment = loadDemoEnvironment(io.env);
    io.stdout.write(`${describeCity(simulation, figures, plan)}\n`);
    if (options.out !== undefined) {
      const { files } = await writeFeed(options.out, simulation, plan, figures);
      io.stdout.write(`Wrote ${plan.deliveries.length} messages in ${files} files to ${options.out}\n`);
    }
    const render = (delivery: (typeof plan.deliveries)[number]) =>
      renderDelivery(delivery, simulation.parameters);
    if (options.dryRun) {
      io.stdout.write(`\n${sampleMessages(plan.deliveries, render)}\n\nDry run: nothing sent.\n`);
      return EXIT.ok;
    }
    const replayPace: Pace =
      pace?.kind === 'rate'
        ? pace
        : {
            kind: 'speed',
            speed: pace?.speed ?? 1,
            pivot: new Date(simulation.start.getTime() + options.backfill * DAY_MS),
          };
    io.stdout.write(`${describePlan(options, replayPace, environment)}\n`);
    const logger = createLogger(
      { name: 'demo', level: environment.logLevel },
      { write: (line: string) => void io.stderr.write(line) },
    );
    const senderTls = environment.mllp.tls === null ? null : readSenderTls(environment.mllp.tls);
    const controller = new AbortController();
    const stop = (): void => controller.abort(new Error('stopped by a signal'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const stats = await replay({
        deliveries: plan.deliveries,
        pace: replayPace,
        render,
        edgeFor: (channel: Channel): Edge => {
          switch (channel) {
            case 'HL7V2':
              return new MllpEdge(environment.mllp.host, environment.mllp.port, undefined, senderTls);
            case 'FHIR':
              return new FhirEdge(environment.fhir.url, environment.fhir.token);
            case 'COUNCIL':
              return new CouncilEdge(environment.council.url, environment.council.token);
            default:
              return channel satisfies never;
          }
        },
        lanesPerChannel: options.lanes,
        logger,
        signal: controller.signal,
        onProgress: (stats, simulatedNow) => io.stdout.write(`${describeProgress(stats, simulatedNow)}\n`),
        progressEveryMs: 10_000,
      });
      io.stdout.write(`${describeSending(stats)}\n`);
      if (stats.aborted) io.stdout.write('Stopped by a signal before the end of the span.\n');
      const failed = Object.values(stats.byChannel).reduce((sum, s) => sum + s.failed, 0);
      return failed > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  });
}

function describePlan(
  options: DemoOptions,
  pace: Pace,
  environment: ReturnType<typeof loadDemoEnvironment>,
): string {
  const how =
    pace.kind === 'rate'
      ? `flat out at ${pace.perSecond} messages/s`
      : `${options.backfill} day(s) of backfill at once, then ${pace.speed}× real time from ${pace.pivot.toISOString()}`;
  return `Sending ${how}, ${options.lanes} lane(s) per edge: MLLP${environment.mllp.tls === null ? '' : ' (mutual TLS)'} ${environment.mllp.host}:${environment.mllp.port}, FHIR ${environment.fhir.url}/fhir, council ${environment.council.url}/council/v1/records`;
}

/** The one place errors become exit codes and messages. */
async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    io.stderr.write(`homefirst-demo: ${describeError(err)}\n`);
    if (err instanceof ValidationError || err instanceof ConfigError) return EXIT.usage;
    if (err instanceof HubError) return EXIT.failed;
    throw err;
  }
}

/** The command; the bin script calls it with process.argv. Never throws: failures set the exit code. */
export async function run(argv: readonly string[], io: Io = processIo): Promise<void> {
  let exitCode: number = EXIT.ok;
  const outcome = await runCommandLine(
    () => buildProgram(io, (code) => (exitCode = code)).parseAsync([...argv]),
    {
      name: 'homefirst-demo',
      failed: EXIT.failed,
      describe: describeError,
      write: (line) => io.stderr.write(`${line}\n`),
    },
  );
  process.exitCode = outcome ?? exitCode;
}
