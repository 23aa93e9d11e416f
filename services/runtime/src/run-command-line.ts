/** Exit code for a command line the parser rejected (unknown option, missing argument…). */
export const EXIT_USAGE = 2;

export interface RunCommandLineOptions {
  /** Prefix of the failure line, e.g. `homefirst-council`. */
  readonly name: string;
  /** Exit code for a failed command; defaults to 1. */
  readonly failed?: number;
  /** How a failure is told; defaults to the error's message. */
  readonly describe?: (failure: unknown) => string;
  /** Where the failure line goes (without newline); defaults to stderr. */
  readonly write?: (line: string) => void;
}

/**
 * The exit-code rule every hub command line shares: runs `parse` (a program's `parseAsync`), and
 * returns undefined when it finished (the command set its own code), 0 when the parser only showed
 * help or the version, 2 for a usage error the parser raised, and `failed` (after one line on
 * stderr) for any other failure. Never throws. The parser's errors are recognised by their shape
 * (`code` starting `commander.` and a numeric `exitCode`), so runtime needs no parser dependency.
 */
export async function runCommandLine(
  parse: () => Promise<unknown>,
  options: RunCommandLineOptions,
): Promise<number | undefined> {
  try {
    await parse();
    return undefined;
  } catch (failure) {
    const parserExit = parserExitCode(failure);
    if (parserExit !== undefined) return parserExit === 0 ? 0 : EXIT_USAGE;
    const describe = options.describe ?? messageOf;
    const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
    write(`${options.name}: ${describe(failure)}`);
    return options.failed ?? 1;
  }
}

function parserExitCode(failure: unknown): number | undefined {
  if (typeof failure !== 'object' || failure === null) return undefined;
  const { code, exitCode } = failure as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number'
    ? exitCode
    : undefined;
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

/** Runs a program's command line and sets the process's exit code by the rule above; never throws. */
export async function runProgram(
  parse: () => Promise<unknown>,
  options: RunCommandLineOptions,
): Promise<void> {
  const code = await runCommandLine(parse, options);
  if (code !== undefined) process.exitCode = code;
}
