import { ascofView } from './ascof';

// The ASCOF view's ranges (read-models/ascof.ts): each part counts only days whose follow-up has passed —
// DHSC ASCOF_2D.sql follows discharges 84 days and links reablement up to 7 days after; 2A's sequel window
// is 7 days (https://github.com/DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures).

const kpis = {
  ascof2d: { '2025-01-10|discharges': 2, '2025-01-10|linked': 1, '2025-01-10|remained': 1 },
  ascof2a: { '2025-01-20|episodes': 1, '2025-01-20|notLongTerm': 1 },
};

describe('ASCOF view ranges', () => {
  it('given a range that ends before today − 84, then every part is counted to the range end', () => {
    const view = ascofView(kpis, '2025-06-01', '2025-01-01', '2025-01-31');
    expect(view.ascof2D.part2).toEqual({ to: '2025-01-31', discharges: 2, intoReablement: 1, share: 0.5 });
    expect(view.ascof2D.part1).toMatchObject({ to: '2025-01-31', remainedInCommunity: 1, share: 1 });
    expect(view.ascof2A).toMatchObject({ to: '2025-01-31', episodes: 1, share: 1 });
  });

  it('given a range starting after today − 84, then part 1 counts no day (to null) while part 2 does', () => {
    const view = ascofView(kpis, '2025-03-01', '2025-01-01', '2025-03-01');
    expect(view.ascof2D.part2.to).toBe('2025-02-22');
    // 84 days before 1 March is 7 December 2024, before the range starts.
    expect(view.ascof2D.part1).toMatchObject({ to: null, intoReablement: 0, share: null });
  });
});
