import { EXIT_USAGE, runCommandLine } from './run-command-line';

function parserError(code: string, exitCode: number): Error {
  return Object.assign(new Error('(outputHelp)'), { code, exitCode });
}

describe('runCommandLine', () => {
  it('returns undefined when the command finished, and writes nothing', async () => {
    const lines: string[] = [];
    const code = await runCommandLine(() => Promise.resolve(), { name: 'hub', write: (l) => lines.push(l) });
    expect(code).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('returns 0 when the parser only showed help or the version', async () => {
    const code = await runCommandLine(() => Promise.reject(parserError('commander.helpDisplayed', 0)), {
      name: 'hub',
    });
    expect(code).toBe(0);
  });

  it('returns 2 for a usage error the parser raised', async () => {
    const lines: string[] = [];
    const code = await runCommandLine(() => Promise.reject(parserError('commander.unknownOption', 1)), {
      name: 'hub',
      write: (l) => lines.push(l),
    });
    expect(code).toBe(EXIT_USAGE);
    expect(lines).toEqual([]);
  });

  it('writes one prefixed line and returns 1 for any other failure', async () => {
    const lines: string[] = [];
    const code = await runCommandLine(() => Promise.reject(new Error('broker unreachable')), {
      name: 'hub',
      write: (l) => lines.push(l),
    });
    expect(code).toBe(1);
    expect(lines).toEqual(['hub: broker unreachable']);
  });

  it('does not take an error with an exit code but no parser code for a usage error', async () => {
    const lines: string[] = [];
    const failure = Object.assign(new Error('child failed'), { code: 'ENOENT', exitCode: 1 });
    const code = await runCommandLine(() => Promise.reject(failure), {
      name: 'hub',
      failed: 3,
      describe: (f) => `described ${String(f)}`,
      write: (l) => lines.push(l),
    });
    expect(code).toBe(3);
    expect(lines).toEqual(['hub: described Error: child failed']);
  });

  it('tells a thrown non-error by its string form', async () => {
    const lines: string[] = [];
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection is the case under test
    await runCommandLine(() => Promise.reject('plain text'), { name: 'hub', write: (l) => lines.push(l) });
    expect(lines).toEqual(['hub: plain text']);
  });
});
