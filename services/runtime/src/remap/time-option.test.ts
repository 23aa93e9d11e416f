import { parseTimeOption, parseTimeRange } from './time-option';

describe('parseTimeOption', () => {
  it.each([
    ['2026-12-01', Date.UTC(2026, 11, 1)],
    ['2026-12-01T09:00:00Z', Date.UTC(2026, 11, 1, 9)],
    ['2026-12-01T09:00', Date.UTC(2026, 11, 1, 9)],
    ['2026-12-01T09:00:00+01:00', Date.UTC(2026, 11, 1, 8)],
    ['2026-12-01T09:00:00.250Z', Date.UTC(2026, 11, 1, 9, 0, 0, 250)],
  ])('reads %s', (text, expected) => {
    expect(parseTimeOption('--from', text)).toBe(expected);
  });

  it.each(['yesterday', '2026-13-01', '01/12/2026', '', '2026-12-01T25:00:00Z'])(
    'refuses %j with one line naming the option and the forms it takes',
    (text) => {
      expect(() => parseTimeOption('--from', text)).toThrow(
        /^--from: not a time: .* \(ISO 8601, e\.g\. 2026-12-01 or 2026-12-01T09:00:00Z\)$/,
      );
    },
  );

  it('refuses a --from that is not before --to', () => {
    expect(() => parseTimeRange('2026-12-02', '2026-12-01')).toThrow('--from must be before --to');
    expect(parseTimeRange('2026-12-01', '2026-12-02')).toEqual({
      from: Date.UTC(2026, 11, 1),
      to: Date.UTC(2026, 11, 2),
    });
    expect(parseTimeRange(undefined, undefined)).toEqual({});
  });
});
