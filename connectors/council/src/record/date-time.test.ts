import { instantOfWallTime as instantMsOfWallTime, type WallTime } from '@homefirst/schemas';
import { parseOffsetDateTime } from './date-time';

const instantOfWallTime = (wall: WallTime, timeZone: string): Date =>
  new Date(instantMsOfWallTime(wall, timeZone));

describe('date-times', () => {
  it.each([
    ['2025-01-06T09:30:00Z', '2025-01-06T09:30:00.000Z'],
    ['2025-06-02T10:00:00+01:00', '2025-06-02T09:00:00.000Z'],
    ['2025-06-02T10:00+0100', '2025-06-02T09:00:00.000Z'],
    ['2025-06-02 10:00:00.250-05:00', '2025-06-02T15:00:00.250Z'],
  ])('reads %s with its offset', (text, iso) => {
    expect(parseOffsetDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2025-06-02T10:00:00',
    '2025-13-01T00:00Z',
    '2024-02-30T00:00Z',
    '2025-01-01T24:00Z',
    '06/01/2025 09:30',
    '0050-01-01T09:30Z', // never read as 1950
    '1899-12-31T09:30Z',
    '2025-03-14T12:30:60Z', // second 60 that is no leap second
  ])('refuses %s', (text) => {
    expect(parseOffsetDateTime(text)).toBeNull();
  });

  it('reads a leap second (23:59:60 UTC on a month end) as the millisecond before it', () => {
    expect(parseOffsetDateTime('2016-12-31T23:59:60Z')?.toISOString()).toBe('2016-12-31T23:59:59.999Z');
  });

  it('reads UK wall-clock times in GMT and in BST', () => {
    const wall = { hour: 9, minute: 30, second: 0 };
    expect(instantOfWallTime({ year: 2025, month: 1, day: 6, ...wall }, 'Europe/London').toISOString()).toBe(
      '2025-01-06T09:30:00.000Z',
    );
    expect(instantOfWallTime({ year: 2025, month: 6, day: 2, ...wall }, 'Europe/London').toISOString()).toBe(
      '2025-06-02T08:30:00.000Z',
    );
  });

  it('takes the first of the twice-lived hour in October and moves the missing hour in March forward', () => {
    const oct = instantOfWallTime(
      { year: 2025, month: 10, day: 26, hour: 1, minute: 30, second: 0 },
      'Europe/London',
    );
    expect(oct.toISOString()).toBe('2025-10-26T00:30:00.000Z');
    const mar = instantOfWallTime(
      { year: 2025, month: 3, day: 30, hour: 1, minute: 30, second: 0 },
      'Europe/London',
    );
    expect(mar.toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });
});
