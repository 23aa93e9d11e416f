import { partitionRanges } from './ranges';

const marks = [
  { partition: 1, low: '0', high: '40' },
  { partition: 0, low: '10', high: '25' },
];

describe('partitionRanges', () => {
  it('given no instant, then each partition is read from its low to its high mark', () => {
    expect(partitionRanges('t', marks)).toEqual([
      { topic: 't', partition: 0, start: '10', end: '25', count: 15 },
      { topic: 't', partition: 1, start: '0', end: '40', count: 40 },
    ]);
  });

  it.each([
    [
      'offsets found for an instant, then reading starts there',
      [
        { partition: 0, offset: '20' },
        { partition: 1, offset: '35' },
      ],
      [
        ['20', 5],
        ['35', 5],
      ],
    ],
    [
      '-1 (nothing at or after the instant) or a start below the low mark, then it is clamped',
      [
        { partition: 0, offset: '3' },
        { partition: 1, offset: '-1' },
      ],
      [
        ['10', 15],
        ['40', 0],
      ],
    ],
  ])('given %s', (_case, starts, expected) => {
    expect(partitionRanges('t', marks, starts).map((r) => [r.start, r.count])).toEqual(expected);
  });

  it('given a start past the end, then it is clamped', () => {
    expect(partitionRanges('t', marks, [{ partition: 1, offset: '99' }])[1]?.count).toBe(0);
  });
});
