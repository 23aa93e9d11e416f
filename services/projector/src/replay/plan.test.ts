import { checkProjection, lagOf, planStart, RebuildRefusedError, type RebuildState } from './plan';

const building = (over: Partial<Extract<RebuildState, { phase: 'building' }>> = {}): RebuildState => ({
  phase: 'building',
  runId: 'run-1',
  startedAt: '2026-12-04T22:00:00.000Z',
  fromVersion: 1,
  toVersion: 2,
  projection: 'all',
  fromTimestamp: null,
  total: 1000,
  ...over,
});

describe('rebuild plan', () => {
  it('accepts all; refuses the projections derived together and unknown ones, each with its reason', () => {
    expect(checkProjection('all')).toBe('all');
    expect(() => checkProjection('queue')).toThrow(/cannot be rebuilt alone.*--projection all/);
    expect(() => checkProjection('kpis')).toThrow(RebuildRefusedError);
    expect(() => checkProjection('nonsense')).toThrow("unknown projection 'nonsense' (rebuildable: all)");
  });

  it('builds live + 1 when nothing is unfinished, cleaning leftovers of that number first', () => {
    expect(planStart(1, null, { fresh: false, fromTimestamp: null })).toEqual({
      kind: 'new',
      toVersion: 2,
      cleanFirst: true,
    });
    expect(planStart(4, null, { fresh: true, fromTimestamp: 5 })).toMatchObject({
      kind: 'new',
      toVersion: 5,
    });
  });

  it('resumes an unfinished version built from the live one with the same start', () => {
    expect(planStart(1, building(), { fresh: false, fromTimestamp: null })).toEqual({
      kind: 'resume',
      toVersion: 2,
      total: 1000,
    });
  });

  it('starts the unfinished version again with --fresh, and refuses to resume it from another start', () => {
    expect(planStart(1, building(), { fresh: true, fromTimestamp: null })).toMatchObject({
      kind: 'new',
      toVersion: 2,
    });
    expect(() => planStart(1, building(), { fresh: false, fromTimestamp: 1_700_000_000_000 })).toThrow(
      /from the earliest offsets; rerun with the same --from-timestamp.*--fresh/,
    );
  });

  it('ignores a building state from an older live version (switched since by other means)', () => {
    expect(
      planStart(3, building({ fromVersion: 1, toVersion: 2 }), { fresh: false, fromTimestamp: null }),
    ).toMatchObject({
      kind: 'new',
      toVersion: 4,
    });
  });

  it('finishes the drop of a rebuild killed after its switch', () => {
    const state: RebuildState = {
      phase: 'dropping',
      runId: 'run-1',
      switchedAt: '2026-12-04T22:10:00.000Z',
      fromVersion: 1,
      toVersion: 2,
      dropAfter: 0,
      events: 10,
    };
    expect(planStart(2, state, { fresh: false, fromTimestamp: null })).toEqual({
      kind: 'finish-drop',
      state,
    });
  });

  it('sums the lag to the high watermarks, from the low watermark where nothing is stored', () => {
    expect(
      lagOf([
        { high: 100, low: 0, stored: 40 },
        { high: 50, low: 10, stored: null },
        { high: 5, low: 0, stored: 9 },
      ]),
    ).toBe(60 + 40);
  });
});
