import { Command, CommanderError } from 'commander';
import { registerStackCommand } from './stack/command';
import { registerTopicsCommand } from './topics/command';
import { registerConnectorCommands } from './delegate/command';
import { registerTokenCommand } from './token/command';
import { registerHubCommands } from './services/command';

/**
 * `homefirst` — one command for operators, trust IT and data teams.
 * Exit codes: 0 success, 1 failure (the message says why), 2 usage error.
 */
export function buildProgram(): Command {
  const program = new Command('homefirst')
    .description('Homefirst Hub: NHS trust and council discharge data on Kafka')
    .showHelpAfterError()
    .exitOverride();
  registerStackCommand(program);
  registerTopicsCommand(program);
  registerConnectorCommands(program);
  registerTokenCommand(program);
  registerHubCommands(program);
  return program;
}

/** Runs the CLI; the bin script calls this. Never throws: failures set the exit code. */
export async function run(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are not failures; everything else commander raises is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    console.error(`homefirst: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
