import {
  LONDON_TIME_ZONE as LONDON,
  instantOfWallClock,
  instantOfWallTime,
  isKnownTimeZone,
  isValidWallTime,
  wallTimeAt,
  zoneOffsetMs,
} from './zoned-time';

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);
const wall = (iso: string): number => Date.parse(`${iso}Z`); // wall-clock fields written as if UTC
const isoOf = (ms: number): string => new Date(ms).toISOString();

describe('Europe/London offsets from the platform time-zone data', () => {
  it.each([
    // 2025: clocks go forward at 01:00Z on Sunday 30 March and back at 01:00Z on Sunday 26 October
    ['2025-01-15T12:00:00.000Z', 0],
    ['2025-03-30T00:59:59.999Z', 0],
    ['2025-03-30T01:00:00.000Z', HOUR],
    ['2025-07-01T12:00:00.000Z', HOUR],
    ['2025-10-26T00:59:59.999Z', HOUR],
    ['2025-10-26T01:00:00.000Z', 0],
    // 2026: 29 March and 25 October
    ['2026-03-29T00:59:59.999Z', 0],
    ['2026-03-29T01:00:00.000Z', HOUR],
    ['2026-10-25T00:59:59.999Z', HOUR],
    ['2026-10-25T01:00:00.000Z', 0],
  ])('at %s London is %i ms ahead of UTC', (instant, offset) => {
    expect(zoneOffsetMs(at(instant), LONDON)).toBe(offset);
  });

  it('agrees with Intl on the wall clock of every 10 minutes across both 2025 changes, cached or not', () => {
    const intl = (instant: number): string => new Date(instant).toLocaleString('sv-SE', { timeZone: LONDON });
    for (const start of ['2025-03-29T12:00:00Z', '2025-10-25T12:00:00Z']) {
      for (let pass = 0; pass < 2; pass += 1) {
        for (let step = 0; step < 6 * 24; step += 1) {
          const instant = at(start) + step * 10 * 60_000;
          const w = wallTimeAt(instant, LONDON);
          const pad = (n: number): string => String(n).padStart(2, '0');
          expect(
            `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`,
          ).toBe(intl(instant));
        }
      }
    }
  });
});

describe('a wall-clock time read back into an instant', () => {
  it.each([
    ['2025-01-06T09:30:00', '2025-01-06T09:30:00.000Z'], // GMT
    ['2025-06-02T09:30:00', '2025-06-02T08:30:00.000Z'], // BST
    ['2025-03-30T00:59:00', '2025-03-30T00:59:00.000Z'], // just before the skipped hour
    ['2025-03-30T02:00:00', '2025-03-30T01:00:00.000Z'], // the first minute of BST
    ['2025-10-26T00:59:00', '2025-10-25T23:59:00.000Z'], // just before the repeated hour (BST)
    ['2025-10-26T02:00:00', '2025-10-26T02:00:00.000Z'], // just after it (GMT)
  ])('%s in London is %s', (local, instant) => {
    expect(isoOf(instantOfWallClock(wall(local), LONDON))).toBe(instant);
  });

  it('takes the earlier (BST) instant in the hour the clocks go back, which London lives twice', () => {
    expect(isoOf(instantOfWallClock(wall('2025-10-26T01:00:00'), LONDON))).toBe('2025-10-26T00:00:00.000Z');
    expect(isoOf(instantOfWallClock(wall('2025-10-26T01:30:00'), LONDON))).toBe('2025-10-26T00:30:00.000Z');
    expect(isoOf(instantOfWallClock(wall('2026-10-25T01:59:59'), LONDON))).toBe('2026-10-25T00:59:59.000Z');
  });

  it('moves a time in the hour the clocks skip forward by the gap (read in GMT, so 01:30 is 02:30 BST)', () => {
    expect(isoOf(instantOfWallClock(wall('2025-03-30T01:00:00'), LONDON))).toBe('2025-03-30T01:00:00.000Z');
    expect(isoOf(instantOfWallClock(wall('2025-03-30T01:30:00'), LONDON))).toBe('2025-03-30T01:30:00.000Z');
    expect(isoOf(instantOfWallClock(wall('2026-03-29T01:45:00'), LONDON))).toBe('2026-03-29T01:45:00.000Z');
  });

  it('round-trips every 10 minutes of the days of both changes outside the repeated hour', () => {
    for (const day of ['2025-03-30T00:00:00Z', '2025-10-26T00:00:00Z']) {
      for (let step = -6; step < 6 * 24; step += 1) {
        const instant = at(day) + step * 10 * 60_000;
        const w = wallTimeAt(instant, LONDON);
        const repeated =
          day.startsWith('2025-10') && w.hour === 1 && w.day === 26 && zoneOffsetMs(instant, LONDON) === 0;
        if (!repeated) expect(instantOfWallTime(w, LONDON)).toBe(instant);
      }
    }
  });

  it('works for other zones, including half-hour offsets', () => {
    expect(
      isoOf(
        instantOfWallTime(
          { year: 2025, month: 1, day: 6, hour: 9, minute: 0, second: 0 },
          'America/New_York',
        ),
      ),
    ).toBe('2025-01-06T14:00:00.000Z');
    expect(
      isoOf(
        instantOfWallTime({ year: 2025, month: 1, day: 6, hour: 9, minute: 0, second: 0 }, 'Asia/Kolkata'),
      ),
    ).toBe('2025-01-06T03:30:00.000Z');
    // Lord Howe Island moves by half an hour at 02:00 local (15:00Z) on 6 April 2025: inside a UTC hour
    expect(zoneOffsetMs(at('2025-04-05T14:59:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR);
    expect(zoneOffsetMs(at('2025-04-05T15:00:00Z'), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
  });
});

describe('time zones and wall-clock fields', () => {
  it('knows the zones the platform knows', () => {
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it.each([
    [{ year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59 }, true],
    [{ year: 2025, month: 2, day: 29, hour: 0, minute: 0, second: 0 }, false],
    [{ year: 2025, month: 13, day: 1, hour: 0, minute: 0, second: 0 }, false],
    [{ year: 2025, month: 1, day: 1, hour: 24, minute: 0, second: 0 }, false],
    [{ year: 2025, month: 1, day: 1, hour: 0, minute: 60, second: 0 }, false],
  ])('%j is a real wall-clock time: %s', (fields, valid) => {
    expect(isValidWallTime(fields)).toBe(valid);
  });
});
