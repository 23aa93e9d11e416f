import { Command } from 'commander';

/** Where a command line's parser writes its help and its complaints. */
export interface ProgramOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * A hub command line's program: its name and description, help and parser errors written to `io`, and
 * the parser's exits thrown rather than taken (runCommandLine turns them into exit codes).
 */
export function commandProgram(name: string, description: string, io: ProgramOutput): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
}

/**
 * A hub process's program (a service's `run`, the CLI): its name and description, help shown after a
 * parser error, and the parser's exits thrown rather than taken (runProgram turns them into exit codes).
 */
export const serviceProgram = (name: string, description: string): Command =>
  new Command(name).description(description).showHelpAfterError().exitOverride();
