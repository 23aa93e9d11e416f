import { outcomeOf } from '../outcome/operation-outcome';
import { corpus, given, parse, variant } from '../testing/corpus';

/** Sets Encounter.period / meta of the discharged example. */
const discharged = (edit: { start?: string; end?: string; lastUpdated?: string }): Buffer =>
  variant('encounter-discharged', (json) => {
    const period = json.period as { start?: string; end?: string };
    const meta = json.meta as { lastUpdated?: string };
    if (edit.start !== undefined) period.start = edit.start;
    if (edit.end !== undefined) period.end = edit.end;
    if (edit.lastUpdated !== undefined) meta.lastUpdated = edit.lastUpdated;
  });

function refusalOf(body: Buffer): { status: number; paths: (string | null)[]; text: string } {
  try {
    parse(body);
  } catch (err) {
    const { status, outcome } = outcomeOf(err);
    return {
      status,
      paths: outcome.issue.map((issue) => issue.expression?.[0] ?? null),
      text: JSON.stringify(outcome),
    };
  }
  throw new Error('expected a refusal');
}

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
