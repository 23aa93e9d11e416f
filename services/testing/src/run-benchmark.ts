/**
 * Runs a benchmark's `main` (a developer's tool, run from a terminal): a failure is printed with its stack
 * to stderr and the exit code is 1.
 */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(
      `benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}

/**
 * A benchmark's numeric option `--name N` from the command line; `fallback` when it is absent, not a number,
 * or below `min` (default 0).
 */
export function numberArgument(name: string, fallback: number, min = 0): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value >= min ? value : fallback;
}
