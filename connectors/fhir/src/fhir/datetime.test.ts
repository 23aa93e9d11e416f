import { corpus, given, parse, variant } from '../testing/corpus';
import { refusalOf } from '../testing/refusal';

/** Sets Encounter.period / meta of the discharged example. */
const discharged = (edit: { start?: string; end?: string; lastUpdated?: string }): Buffer =>
  variant('encounter-discharged', (json) => {
    const period = json.period as { start?: string; end?: string };
    const meta = json.meta as { lastUpdated?: string };
    if (edit.start !== undefined) period.start = edit.start;
    if (edit.end !== undefined) period.end = edit.end;
    if (edit.lastUpdated !== undefined) meta.lastUpdated = edit.lastUpdated;
  });

describe('FHIR dates and times are real calendar instants', () => {
  it.each([
    ['a day that does not exist', { end: '2025-02-30' }, 'Encounter.period.end'],
    ['a leap day in a common year', { end: '2025-02-29T10:00:00Z' }, 'Encounter.period.end'],
    ['a year 0000–0099', { start: '0025-01-06T09:30:00+00:00' }, 'Encounter.period.start'],
    ['second 60 that is no leap second', { end: '2025-01-11T15:45:60Z' }, 'Encounter.period.end'],
    [
      'a lastUpdated with second 60 mid-day',
      { lastUpdated: '2025-01-11T12:00:60Z' },
      'Encounter.meta.lastUpdated',
    ],
  ])('given %s, then 422 at the element, without quoting the value', (_what, edit, path) => {
    const refusal = refusalOf(discharged(edit));
    expect(refusal.status).toBe(422);
    expect(refusal.paths).toEqual([path]);
    for (const value of Object.values(edit)) expect(refusal.text).not.toContain(value);
  });

  it('given a leap second (23:59:60 UTC at a month end), then it is accepted as the last millisecond before it', () => {
    const body = discharged({
      start: '2016-12-30T09:30:00Z',
      end: '2016-12-31T23:59:60Z',
      lastUpdated: '2016-12-31T23:59:60Z',
    });
    const events = given().when(body).facts;
    expect(events.find((event) => event.type === 'PatientDischarged')?.occurredAt).toBe(
      '2016-12-31T23:59:59.999Z',
    );
  });

  it('keeps reading the corpus as before', () => {
    expect(() => parse(corpus('encounter-discharged'))).not.toThrow();
  });
});

describe('FHIR period.start ≤ period.end (invariant per-1), with the clock-skew tolerance', () => {
  it('given period.end 52 s before period.start, then accepted as sent, every event flagged CLOCK_SKEW', () => {
    const body = discharged({ start: '2025-01-06T09:30:00+00:00', end: '2025-01-06T09:29:08+00:00' });
    const { events } = given().when(body);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events)
      expect(event.dataQuality).toEqual([
        {
          code: 'CLOCK_SKEW',
          fields: ['Encounter.period.end', 'Encounter.period.start'],
          detail:
            'Encounter.period.end is 52 s before Encounter.period.start, within the 5 min allowed for clock differences',
        },
      ]);
  });

  it('given period.end a day before period.start, then 422 invariant at period.end naming the gap, not the times', () => {
    const refusal = refusalOf(
      discharged({ start: '2025-01-06T09:30:00+00:00', end: '2025-01-05T09:30:00+00:00' }),
    );
    expect(refusal.status).toBe(422);
    expect(refusal.paths).toEqual(['Encounter.period.end']);
    expect(refusal.text).toContain('24 h before Encounter.period.start');
    expect(refusal.text).not.toContain('2025-01-05');
  });

  it('given a date-only end on the day of admission, then in order (a date counts to the end of its day)', () => {
    const body = variant('encounter-admitted', (json) => {
      (json.period as { end?: string }).end = (json.period as { start: string }).start.slice(0, 10);
    });
    expect(() => parse(body)).not.toThrow();
  });

  it('given a leap second, then the events carry a LEAP_SECOND flag', () => {
    const body = discharged({ start: '2016-12-30T09:30:00Z', end: '2016-12-31T23:59:60Z' });
    const discharge = given()
      .when(body)
      .events.find((event) => event.type === 'PatientDischarged');
    expect(discharge?.dataQuality?.map((flag) => flag.code)).toEqual(['LEAP_SECOND']);
  });
});
