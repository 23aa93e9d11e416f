import autocannon from 'autocannon';

/**
 * The load generator of the API benchmark as a process of its own (node dist/bench/load.js): autocannon's
 * options as JSON on stdin, its result as JSON on stdout. Out of the server's process, so
 * the server's CPU time (process.cpuUsage) is the server's alone.
 */
async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const options = JSON.parse(input) as autocannon.Options;
  const before = process.cpuUsage();
  const result = await autocannon(options);
  const used = process.cpuUsage(before);
  // The generator's own CPU time: on a shared machine, part of what the server's throughput is measured against.
  process.stdout.write(JSON.stringify({ ...result, generatorCpuMicros: used.user + used.system }));
}

main().catch((err: unknown) => {
  process.stderr.write(`load failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
