import {
  PLAUSIBLE_YEARS,
  calendarDateProblem,
  instantAtOffset,
  instantInZone,
  readIsoDate,
  offsetMinutesOf,
  readIsoDateTime,
  wallTimeOfDigits,
} from './calendar';
import { daysInMonth, utcClockMs } from './gregorian';
import { instantOfWallTime, LONDON_TIME_ZONE as LONDON } from './zoned-time';

const iso = (reading: ReturnType<typeof readIsoDateTime>): string =>
  reading.ok ? new Date(reading.ms).toISOString() : `refused: ${reading.problem}`;

describe('the Gregorian calendar without Date.UTC rewrites', () => {
  it('reads years 0–99 as themselves, not as 1900–1999', () => {
    const ms = utcClockMs({ year: 50, month: 3, day: 1, hour: 0, minute: 0, second: 0 });
    expect(new Date(ms).getUTCFullYear()).toBe(50);
  });

  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2000, 2, 29],
    [1900, 2, 28],
    [0, 2, 29],
    [2025, 4, 30],
    [2025, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe('calendar dates', () => {
  it.each(['2025-02-30', '2025-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00'])(
    '%s does not exist and is refused, not rolled over',
    (text) => {
      expect(readIsoDate(text).ok).toBe(false);
    },
  );

  it.each(['0000-01-01', '0099-12-31', '1899-12-31', '2200-01-01'])(
    '%s is outside the plausible years and refused',
    (text) => {
      expect(readIsoDate(text)).toEqual({
        ok: false,
        problem: `has a year outside ${PLAUSIBLE_YEARS.first}–${PLAUSIBLE_YEARS.last}`,
      });
    },
  );

  it('accepts a real leap day', () => {
    expect(readIsoDate('2024-02-29')).toEqual({ ok: true, date: '2024-02-29' });
  });

  it('never quotes the value in its problem (a date of birth is patient data)', () => {
    expect(calendarDateProblem(1987, 2, 30)).not.toMatch(/1987|30/);
  });
});

describe('date-times and leap seconds', () => {
  it('reads a zone-designated date-time as its instant', () => {
    expect(iso(readIsoDateTime('2025-06-01T10:15:30.250+01:00'))).toBe('2025-06-01T09:15:30.250Z');
    expect(iso(readIsoDateTime('2025-06-01T10:15Z'))).toBe('2025-06-01T10:15:00.000Z');
  });

  it('reads a leap second at 23:59:60 UTC on a month end as 23:59:59.999 and says so', () => {
    const reading = readIsoDateTime('2016-12-31T23:59:60Z');
    expect(reading).toEqual({ ok: true, ms: Date.parse('2016-12-31T23:59:59.999Z'), leapSecond: true });
    // the same leap second written in another zone
    expect(iso(readIsoDateTime('2017-01-01T00:59:60+01:00'))).toBe('2016-12-31T23:59:59.999Z');
  });

  it.each(['2025-03-14T12:30:60Z', '2025-12-30T23:59:60Z', '2025-12-31T23:58:60Z'])(
    'refuses second 60 that is no leap second: %s',
    (text) => {
      const reading = readIsoDateTime(text);
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.problem).toContain('leap second');
    },
  );

  it.each(['2025-02-30T10:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T10:60:00Z', '0025-01-01T10:00:00Z'])(
    'refuses an impossible or implausible date-time: %s',
    (text) => {
      expect(readIsoDateTime(text).ok).toBe(false);
    },
  );

  it('refuses offsets beyond ±14:00 and text without a zone', () => {
    expect(readIsoDateTime('2025-01-01T10:00:00+15:00').ok).toBe(false);
    expect(readIsoDateTime('2025-01-01T10:00:00+01:75').ok).toBe(false);
    expect(readIsoDateTime('2025-01-01T10:00:00').ok).toBe(false);
    expect(instantAtOffset({ year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, 900).ok).toBe(
      false,
    );
  });

  it('reads London wall time like the zoned-time rule, with a leap second in winter', () => {
    const wall = { year: 2025, month: 7, day: 1, hour: 9, minute: 0, second: 0 };
    expect(instantInZone(wall, LONDON)).toEqual({
      ok: true,
      ms: instantOfWallTime(wall, LONDON),
      leapSecond: false,
    });
    const leap = instantInZone({ year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60 }, LONDON);
    expect(leap).toEqual({ ok: true, ms: Date.parse('2016-12-31T23:59:59.999Z'), leapSecond: true });
  });

  it('answers a 1 MB string at once (no backtracking)', () => {
    const started = process.hrtime.bigint();
    expect(readIsoDateTime(`2025-01-01T${'0'.repeat(1_000_000)}Z`).ok).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});

describe('the digits of a written date-time, as every edge reads them', () => {
  it('reads the digit groups, 00 for a time part not written, the fraction cut to the millisecond', () => {
    expect(wallTimeOfDigits(['2025', '03', '30', '01', '30', '05', '1239'])).toEqual({
      year: 2025,
      month: 3,
      day: 30,
      hour: 1,
      minute: 30,
      second: 5,
      millisecond: 123,
    });
    expect(wallTimeOfDigits(['2025', '03', '30', undefined, undefined, undefined, undefined])).toMatchObject({
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    });
  });

  it.each([
    ['Z', 0],
    ['z', 0],
    ['+01:00', 60],
    ['+0530', 330],
    ['-03:30', -210],
    ['+01:60', undefined],
  ])('reads the zone %s as %p minutes east of UTC', (zone, minutes) => {
    expect(offsetMinutesOf(zone)).toBe(minutes);
  });
});
