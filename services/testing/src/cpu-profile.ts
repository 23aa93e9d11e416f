import { Session } from 'node:inspector/promises';

/** A V8 CPU profile (`node --cpu-prof`, or the inspector's Profiler.stop), the parts summarised here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One row of a summary: a function or a file, its self time and its share of everything sampled. */
export interface ProfileRow {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly sampledMs: number;
  /** Functions by self time, most first; idle, the garbage collector and (program) are rows of their own. */
  readonly byFunction: readonly ProfileRow[];
  /** The same by file (a package's name under node_modules, else the script from its workspace folder on). */
  readonly byFile: readonly ProfileRow[];
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

const rowsOf = (totals: ReadonlyMap<string, number>, all: number, top: number): ProfileRow[] =>
  [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({
      name,
      ms: Math.round(micros / 1000),
      percent: Math.round((1000 * micros) / Math.max(all, 1)) / 10,
    }));

/** Self time by function and by file, the `top` rows of each. */
export function summariseCpuProfile(profile: CpuProfile, top = 30): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, micros: number): void => {
    totals.set(key, (totals.get(key) ?? 0) + micros);
  };
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
  return {
    sampledMs: Math.round(all / 1000),
    byFunction: rowsOf(functions, all, top),
    byFile: rowsOf(files, all, top),
  };
}

/** The summary as text: one line per row (`ms  %  name`). */
export function formatProfileSummary(title: string, summary: ProfileSummary): string {
  const lines = (heading: string, rows: readonly ProfileRow[]): string[] => [
    heading,
    ...rows.map(
      (row) => `${String(row.ms).padStart(8)} ms ${row.percent.toFixed(1).padStart(5)} %  ${row.name}`,
    ),
  ];
  return [
    `${title}: ${summary.sampledMs} ms sampled`,
    ...lines('by function (self time)', summary.byFunction),
    ...lines('by file (self time)', summary.byFile),
    '',
  ].join('\n');
}

/**
 * Profiles this process (every thread's JavaScript on the main isolate) while `work` runs, with the inspector:
 * a benchmark's measured phase alone, not its set-up. Answers the work's result and the raw profile.
 */
export async function profiling<T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    return { result, profile: profile as unknown as CpuProfile };
  } finally {
    session.disconnect();
  }
}

/**
 * Samples what `work` allocates (every 32 KiB allocated, with its stack), counting objects the garbage
 * collector has freed as well: where a run's allocation, and so its collection time, comes from. Answers the
 * work's result and the raw sampling profile (the `.heapprofile` format Chrome DevTools opens).
 */
export async function allocationProfiling<T>(
  work: () => Promise<T>,
): Promise<{ result: T; profile: unknown }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 32 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const result = await work();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    return { result, profile };
  } finally {
    session.disconnect();
  }
}
