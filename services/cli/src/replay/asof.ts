import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { councilTopic, hospitalTopic } from '@homefirst/schemas';
import { z } from 'zod';
import { packageBin } from '../delegate/connector-bin';
import type { ExportCounts, TimeBasis } from '../export/export-events';
import { exportHistory } from '../export/run-export';
import { ndjsonWriter } from '../export/writers';
import { hubHistory } from '../history/hub-history';

/** The topics the read models are projected from. */
const PROJECTED_TOPICS = [hospitalTopic, councilTopic] as const;

export interface AsofRequest {
  readonly at: Date;
  /** recorded: events whose recordedAt ≤ at (what the hub knew then); occurred: occurredAt ≤ at (as known now). */
  readonly by: TimeBasis;
  /** The read models' JSON goes here, else to stdout. */
  readonly out?: string;
  /** The sitrep CSV of the day of `at` goes here too (it is also in the JSON as sitrepCsv). */
  readonly csv?: string;
  /** Passed to the projector (£ per excess bed day). */
  readonly bedDayCost?: string;
}

export interface RawAsofOptions {
  readonly by?: string;
  readonly out?: string;
  readonly csv?: string;
  readonly bedDayCost?: string;
}

/** Validates `replay asof` input; each problem is one line naming the argument. */
export function parseAsof(at: string, raw: RawAsofOptions): AsofRequest {
  if (!z.iso.datetime({ offset: true }).safeParse(at).success)
    throw new Error(`${at} is not an ISO 8601 instant with a zone, e.g. 2025-01-06T09:00:00Z`);
  const by = raw.by ?? 'recorded';
  if (by !== 'recorded' && by !== 'occurred') throw new Error(`--by ${by} is not one of recorded, occurred`);
  if (raw.bedDayCost !== undefined && !(Number(raw.bedDayCost) > 0))
    throw new Error('--bed-day-cost must be a positive number');
  return {
    at: new Date(at),
    by,
    ...(raw.out !== undefined && { out: raw.out }),
    ...(raw.csv !== undefined && { csv: raw.csv }),
    ...(raw.bedDayCost !== undefined && { bedDayCost: raw.bedDayCost }),
  };
}

/** Runs the projector's own `project` command (found by package name: the CLI never imports it). */
async function runProject(file: string, request: AsofRequest): Promise<number> {
  const bin = packageBin('@homefirst/projector', 'homefirst-projector.js');
  const args = [bin, 'project', file, '--now', request.at.toISOString()];
  if (request.csv !== undefined) args.push('--csv', request.csv);
  if (request.bedDayCost !== undefined) args.push('--bed-day-cost', request.bedDayCost);
  const out = request.out === undefined ? 'inherit' : openSync(request.out, 'w');
  try {
    const child = spawn(process.execPath, args, { stdio: ['ignore', out, 'inherit'] });
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    return code ?? (signal === null ? 0 : 1);
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
}

/**
 * `homefirst replay asof T`: the read models as they stood at T. The hospital and council history is read
 * up to the end marks, events after T (by recordedAt or occurredAt) are left out, one per event id, into a
 * throwaway NDJSON file; the projector's `project` command then computes the read models with now = T —
 * the same JSON as `homefirst project`, the day's sitrep CSV included. Nothing live is touched.
 */
export async function runAsof(
  request: AsofRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ readonly counts: ExportCounts; readonly exitCode: number }> {
  const hub = hubHistory(env);
  const dir = mkdtempSync(join(tmpdir(), 'homefirst-asof-'));
  const file = join(dir, 'events.ndjson');
  try {
    const counts = await exportHistory(hub.history(PROJECTED_TOPICS), {
      label: 'asof',
      openWriter: () => ndjsonWriter(file),
      run: {
        decode: (value) => hub.codec.decodeAny(value),
        decodeSync: (value) => hub.codec.decodeAnySync(value),
        topics: PROJECTED_TOPICS,
        filter: { by: request.by, to: request.at },
      },
    });
    return { counts, exitCode: await runProject(file, request) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
