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
