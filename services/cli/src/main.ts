import { registerCouncilsCommand } from './councils/command';
import { registerSubscriptionsCommand } from './subscriptions/command';
import { runProgram, serviceProgram } from '@homefirst/runtime';
import { type Command } from 'commander';
import { registerStackCommand } from './stack/command';
import { loadStackSettings, localRedisDefaults, type StackSettings } from './stack';
import { registerTopicsCommand } from './topics/command';
import { registerConnectorCommands } from './delegate/command';
import { registerTokenCommand } from './token/command';
import { registerHubCommands } from './services/command';
import { registerRemapCommand } from './data-teams/remap-command';
import { registerDeadLettersCommand } from './data-teams/deadletters-command';
import { registerExportCommand } from './export/command';
import { registerAsofCommand } from './replay/asof-command';
import { registerMeasuresCommand } from './measures/command';

/**
 * `homefirst` — one command for operators, trust IT and data teams.
 * Exit codes: 0 success, 1 failure (the message says why), 2 usage error.
 */
export function buildProgram(): Command {
  const program = serviceProgram('homefirst', 'Homefirst Hub: NHS trust and council discharge data on Kafka');
  registerStackCommand(program);
  registerTopicsCommand(program);
  registerConnectorCommands(program);
  registerTokenCommand(program);
  registerHubCommands(program);
  registerCouncilsCommand(program);
  registerSubscriptionsCommand(program);
  registerRemapCommand(program);
  registerDeadLettersCommand(program);
  registerExportCommand(program);
  registerAsofCommand(program);
  registerMeasuresCommand(program);
  return program;
}

/**
 * Commands that touch Redis (dead letters, remap, as-of, replay through the connectors…) reach the local
 * stack as its admin user when the environment names no Redis (redis-security.ts `localRedisDefaults`).
 * Outside a repository checkout, or with bad stack settings, nothing is added.
 */
function useLocalRedisAdmin(): void {
  let settings: StackSettings;
  try {
    settings = loadStackSettings();
  } catch {
    return; // not run from a checkout: the environment alone configures Redis
  }
  Object.assign(process.env, localRedisDefaults(settings, process.env));
}

/** Runs the CLI; the bin script calls this. Never throws: failures set the exit code. */
export async function run(argv: readonly string[]): Promise<void> {
  useLocalRedisAdmin();
  await runProgram(() => buildProgram().parseAsync(argv), {
    name: 'homefirst',
    write: (line) => console.error(line),
  });
}
