import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 `.cpuprofile` (node --cpu-prof; for the bench's projector process:
 * HOMEFIRST_PROJECTOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof") by self time: the functions and the
 * files that spent the most, with idle and the garbage collector as their own rows.
 * Usage: node dist/bench/cpu-profile.js <file.cpuprofile> [--top 40]. Prints text.
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A script's place, shortened: a package under node_modules, or the path from the workspace folder on. */
const shortUrl = (url: string): string => {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return `npm:${url.slice(modules + 'node_modules/'.length)}`;
  for (const folder of ['/services/', '/schemas/', '/connectors/']) {
    const at = url.lastIndexOf(folder);
    if (at !== -1) return url.slice(at + 1);
  }
  return url.startsWith('file://') ? url.slice('file://'.length) : url;
};

/** The file a row counts under: a package's name, else the script. */
const fileOf = (url: string, name: string): string => {
  if (url === '') return name;
  return url.startsWith('npm:')
    ? url
        .split('/')
        .slice(0, url.startsWith('npm:@') ? 2 : 1)
        .join('/')
    : url;
};

const add = (totals: Map<string, number>, key: string, micros: number): void => {
  totals.set(key, (totals.get(key) ?? 0) + micros);
};

function print(title: string, totals: ReadonlyMap<string, number>, all: number, top: number): void {
  process.stdout.write(`${title}\n`);
  for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(
      `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / all).toFixed(1).padStart(5)} %  ${key}\n`,
    );
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: cpu-profile.js <file.cpuprofile> [--top N]');
  const topAt = process.argv.indexOf('--top');
  const top = topAt === -1 ? 40 : Number(process.argv[topAt + 1]);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const url = shortUrl(frame.url);
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    add(functions, url === '' ? name : `${name} ${url}:${frame.lineNumber + 1}`, micros);
    add(files, fileOf(url, name), micros);
    all += micros;
  });
  process.stdout.write(`${file}: ${(all / 1000).toFixed(0)} ms sampled\n`);
  print('by function (self time)', functions, all, top);
  print('by file (self time)', files, all, Math.min(top, 30));
}

main();
