import {
  BENCHES,
  figureAt,
  markdownReport,
  mergedResults,
  parseReport,
  summarise,
  type BenchResult,
} from './suite';

describe('the benchmark suite', () => {
  it('given a benchmark that logs before its report, then the report is the last top-level JSON object', () => {
    const stdout =
      'producing…\n{"partial": 1}\nmore lines\n{\n  "ratio": 0.42,\n  "throughput": { "ratio": 0.7 }\n}\n';
    const report = parseReport(stdout);
    expect(figureAt(report, 'ratio')).toBe(0.42);
    expect(figureAt(report, 'throughput.ratio')).toBe(0.7);
    expect(figureAt(report, 'throughput.missing')).toBeNull();
    expect(() => parseReport('no json here')).toThrow(/no JSON report/);
  });

  it('given three runs with one failed, then the median, min and max are of the two that gave a figure', () => {
    expect(summarise([0.5, null, 0.3])).toEqual({ runs: [0.5, null, 0.3], median: 0.4, min: 0.3, max: 0.5 });
    expect(summarise([0.2, 0.9, 0.4])).toMatchObject({ median: 0.4, min: 0.2, max: 0.9 });
    expect(summarise([null])).toMatchObject({ median: null, min: null, max: null });
  });

  it('given results, then the table has one row per figure and the scaling rows with time relative to 1×', () => {
    const table = markdownReport(
      [
        {
          name: 'rebuild',
          what: 'rebuild vs a bare consumer',
          figures: [{ name: 'ratio', target: '≥ 0.7', summary: summarise([0.6, 0.62, 0.58]) }],
          seconds: [50, 51, 49],
          scaling: [
            { factor: 1, size: 100, seconds: 10, rate: 1000, memoryMb: 120 },
            { factor: 4, size: 400, seconds: 42, rate: 952, memoryMb: 125 },
          ],
          errors: [],
        },
      ],
      { date: '2026-12-05', repeats: 3 },
    );
    expect(table).toContain('| rebuild | ratio | 0.6 | 0.58 – 0.62 | ≥ 0.7 | rebuild vs a bare consumer |');
    expect(table).toContain('| rebuild | 4× (400) | 42 | 952 | 4.2 | 125 |');
  });

  it('names every benchmark once, each with at least one figure', () => {
    const names = BENCHES.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    expect(BENCHES.every((b) => b.figures.length > 0)).toBe(true);
  });

  it('given an --only run, then its results replace theirs in the earlier report, the others kept with their dates', () => {
    const result = (name: string, median: number, measuredAt: string): BenchResult => ({
      name,
      what: `${name} vs its baseline`,
      measuredAt,
      figures: [{ name: 'ratio', summary: summarise([median]) }],
      seconds: [1],
      errors: [],
    });
    const earlier = [
      result('mllp', 0.7, 'D1'),
      result('feed-routing', 0.46, 'D1'),
      result('webhooks', 0.8, 'D1'),
    ];
    const merged = mergedResults(
      earlier,
      [result('feed-routing', 0.41, 'D2')],
      ['mllp', 'feed-routing', 'webhooks', 'gone'],
    );
    expect(merged.map((r) => [r.name, r.figures[0]?.summary.median, r.measuredAt])).toEqual([
      ['mllp', 0.7, 'D1'],
      ['feed-routing', 0.41, 'D2'],
      ['webhooks', 0.8, 'D1'],
    ]);
    const table = markdownReport(merged, { date: 'D2', repeats: 3 });
    expect(table).toContain('Measured earlier: mllp D1; webhooks D1.');
    expect(table).toContain('| feed-routing | ratio | 0.41 |');
  });
});
