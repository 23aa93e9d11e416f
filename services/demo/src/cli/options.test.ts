import { ValidationError } from '@homefirst/runtime';
import { defaultStart, parseOptions, paceOf } from './options';

const now = new Date('2025-06-01T12:00:00.000Z');
const DAY = 86_400_000;

describe('command-line options', () => {
  it('given nothing, then a week of seed 1 in real time with two days of backfill and four lanes', () => {
    const options = parseOptions({});
    expect(options).toMatchObject({ days: 7, seed: 1, backfill: 2, lanes: 4, dryRun: false });
    expect(paceOf(options)).toEqual({ kind: 'speed', speed: 1 });
  });

  it('given a span shorter than two days, then the backfill is the whole span', () => {
    expect(parseOptions({ days: '1' }).backfill).toBe(1);
  });

  it('refuses --speed with --rate, a backfill longer than the span, and names each bad option', () => {
    const problems = (raw: Parameters<typeof parseOptions>[0]): string[] => {
      try {
        parseOptions(raw);
        return [];
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return err.issues.map((issue) => issue.path);
      }
    };
    expect(problems({ speed: '10', rate: '100' })).toEqual(['--rate']);
    expect(problems({ days: '3', backfill: '4' })).toEqual(['--backfill']);
    expect(problems({ days: '0', seed: '-1', start: 'yesterday', lanes: '100' })).toEqual([
      '--days',
      '--seed',
      '--start',
      '--lanes',
    ]);
  });

  it('given --rate, then the default start puts the whole span in the past', () => {
    expect(defaultStart(now, 7, 2, { kind: 'rate', perSecond: 500 }).getTime()).toBe(now.getTime() - 7 * DAY);
  });

  it('given --speed 1008 (a week in ten minutes), then the run ends about when the wall clock does', () => {
    const days = 7;
    const backfill = 3;
    const speed = 1008;
    const start = defaultStart(now, days, backfill, { kind: 'speed', speed });
    const pivot = start.getTime() + backfill * DAY; // the simulated moment of launch
    const wallSeconds = ((days - backfill) * DAY) / speed / 1000; // how long pacing lasts
    const simulatedEnd = start.getTime() + days * DAY;
    // Every message is sent no earlier than it is dated: sim time ≤ wall time, all along the run.
    expect(pivot).toBeLessThanOrEqual(now.getTime());
    expect(Math.abs(simulatedEnd - (now.getTime() + wallSeconds * 1000))).toBeLessThan(1000);
  });

  it('given real time (--speed 1), then the start is the backfill before now', () => {
    expect(defaultStart(now, 7, 2, { kind: 'speed', speed: 1 }).getTime()).toBe(now.getTime() - 2 * DAY);
  });
});
