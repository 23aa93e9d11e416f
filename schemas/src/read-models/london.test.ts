import { addDays, daysBetween, localDateOf, startOfLocalDay, weekStartOf } from './london';

const intlLocalDate = (ms: number): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);

describe('London calendar', () => {
  it('agrees with ICU on the London date of every half hour across both 2025 clock changes', () => {
    for (const start of ['2025-03-29T00:00:00Z', '2025-10-25T00:00:00Z', '2024-12-31T20:00:00Z']) {
      for (let step = 0; step < 96 * 2; step += 1) {
        const ms = Date.parse(start) + step * 30 * 60_000;
        expect(localDateOf(ms)).toBe(intlLocalDate(ms));
      }
    }
  });

  it('agrees with ICU at every minute edge around local midnights and clock changes, in any order of asking', () => {
    // localDateOf keeps its last hour's answer: ask at instants a minute either side of each hour, out of order.
    const edges = [
      '2025-03-30T01:00:00Z',
      '2025-10-26T01:00:00Z',
      '2025-06-30T23:00:00Z',
      '2025-01-15T00:00:00Z',
    ];
    const instants = edges.flatMap((edge) =>
      [-61, -1, 0, 1, 59, 60, 61].map((minutes) => Date.parse(edge) + minutes * 60_000 - 1),
    );
    for (const ms of [...instants, ...instants.reverse(), ...instants.filter((_, i) => i % 3 === 0)])
      expect(localDateOf(ms)).toBe(intlLocalDate(ms));
  });

  it.each([
    ['2025-01-15', '2025-01-15T00:00:00.000Z'],
    ['2025-07-01', '2025-06-30T23:00:00.000Z'],
    ['2025-03-30', '2025-03-30T00:00:00.000Z'], // clocks go forward at 01:00 UTC that day
    ['2025-10-26', '2025-10-25T23:00:00.000Z'], // clocks go back at 01:00 UTC that day
  ])('the London day %s starts at %s', (date, instant) => {
    expect(new Date(startOfLocalDay(date)).toISOString()).toBe(instant);
  });

  it('counts calendar days and finds the Monday of a week', () => {
    expect(daysBetween('2025-02-27', '2025-03-02')).toBe(3);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(weekStartOf('2025-03-16')).toBe('2025-03-10'); // a Sunday
    expect(weekStartOf('2025-03-10')).toBe('2025-03-10');
  });
});
