import { z } from 'zod';

/**
 * The pure decisions of a rebuild: what `--projection` may name, which version to build, whether an
 * unfinished rebuild can be resumed, and the lag figures. No I/O here (rebuild.ts does the talking).
 */

/**
 * The read models are derived together, in one transaction per chunk, from each person's journal
 * (queue entry, tracker episodes, journey and KPI contributions all come from `deriveReadModels`), so they
 * can only be rebuilt together: `all`. The names below are known but not rebuildable alone; anything else is
 * unknown. Both are one clear line and exit 1.
 */
export const PROJECTIONS = ['all'] as const;
export const DERIVED_TOGETHER = ['queue', 'tracker', 'journeys', 'kpis'] as const;
export type Projection = (typeof PROJECTIONS)[number];

export class RebuildRefusedError extends Error {
  override readonly name = 'RebuildRefusedError';
}

/** `--projection` checked; throws RebuildRefusedError with the reason otherwise. */
export function checkProjection(name: string): Projection {
  if ((PROJECTIONS as readonly string[]).includes(name)) return name as Projection;
  if ((DERIVED_TOGETHER as readonly string[]).includes(name))
    throw new RebuildRefusedError(
      `projection '${name}' cannot be rebuilt alone: ${DERIVED_TOGETHER.join(', ')} are derived together from each person's journal in one transaction; use --projection all`,
    );
  // The value is echoed shortened: it is an operator's typo, never patient data, but keep the line short.
  throw new RebuildRefusedError(
    `unknown projection '${name.slice(0, 40)}' (rebuildable: ${PROJECTIONS.join(', ')})`,
  );
}

/** What both phases of a rebuild keep: the run and the version it moves from and to. */
const rebuildRun = {
  runId: z.string(),
  fromVersion: z.number().int().positive(),
  toVersion: z.number().int().positive(),
};

/** What survives a kill in `<root>rebuild:state`: the version being built, or the old one still to drop. */
export const rebuildStateSchema = z.discriminatedUnion('phase', [
  z.object({
    phase: z.literal('building'),
    ...rebuildRun,
    startedAt: z.string(),
    projection: z.enum(PROJECTIONS),
    fromTimestamp: z.number().int().nullable(),
    /** Records between the start offsets and the end marks when it began (for progress). */
    total: z.number().int().nonnegative(),
  }),
  z.object({
    phase: z.literal('dropping'),
    ...rebuildRun,
    switchedAt: z.string(),
    /** Epoch ms after which the old version's keys may go (in-flight API requests have finished). */
    dropAfter: z.number().int(),
    /** Records the new version had read at the switch (for the audit record, re-sent if killed before it). */
    events: z.number().int().nonnegative(),
  }),
]);
export type RebuildState = z.infer<typeof rebuildStateSchema>;

export type RebuildStart =
  | { readonly kind: 'new'; readonly toVersion: number; readonly cleanFirst: boolean }
  | { readonly kind: 'resume'; readonly toVersion: number; readonly total: number }
  | { readonly kind: 'finish-drop'; readonly state: Extract<RebuildState, { phase: 'dropping' }> };

/**
 * Where a rebuild starts, given the live version and what a previous run left:
 * - a version left half-built with the same options → resume it (its offsets are in Redis), unless --fresh;
 * - the same with other options → refused (say --fresh), since resuming would mix two starting points;
 * - an old version still to drop (killed after its switch) → finish that drop (the rebuild had finished);
 * - else a new version: live + 1 (cleaning any leftovers of that number first).
 */
export function planStart(
  live: number,
  state: RebuildState | null,
  request: { readonly fresh: boolean; readonly fromTimestamp: number | null },
): RebuildStart {
  if (state?.phase === 'dropping') return { kind: 'finish-drop', state };
  if (state?.phase === 'building' && state.fromVersion === live && state.toVersion !== live) {
    if (request.fresh) return { kind: 'new', toVersion: state.toVersion, cleanFirst: true };
    if (state.fromTimestamp !== request.fromTimestamp)
      throw new RebuildRefusedError(
        `an unfinished rebuild of v${state.toVersion} started ${state.fromTimestamp === null ? 'from the earliest offsets' : `from ${new Date(state.fromTimestamp).toISOString()}`}; rerun with the same --from-timestamp to resume it, or add --fresh to start again`,
      );
    return { kind: 'resume', toVersion: state.toVersion, total: state.total };
  }
  return { kind: 'new', toVersion: live + 1, cleanFirst: true };
}

/** Records left to the high watermarks, all partitions: Σ max(0, high − stored). */
export function lagOf(
  partitions: readonly { readonly high: number; readonly stored: number | null; readonly low: number }[],
): number {
  return partitions.reduce((sum, p) => sum + Math.max(0, p.high - (p.stored ?? p.low)), 0);
}
