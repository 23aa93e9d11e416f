import { readFileSync } from 'node:fs';
import { formatProfileSummary, summariseCpuProfile, type CpuProfile } from '@homefirst/testing';

/**
 * Summarises a V8 `.cpuprofile` (node --cpu-prof; for the bench's projector process:
 * HOMEFIRST_PROJECTOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof") by self time: the functions and the
 * files that spent the most, with idle and the garbage collector as their own rows.
 * Usage: node dist/bench/cpu-profile.js <file.cpuprofile> [--top 40]. Prints text.
 */
function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: cpu-profile.js <file.cpuprofile> [--top N]');
  const topAt = process.argv.indexOf('--top');
  const top = topAt === -1 ? 40 : Number(process.argv[topAt + 1]);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(formatProfileSummary(file, summariseCpuProfile(profile, top)));
}

main();
