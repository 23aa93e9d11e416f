import { checkDateOrder, checkOrder, combineOrderChecks, DEFAULT_CLOCK_SKEW_TOLERANCE_MS } from './ordering';

const admitted = { field: 'PV1-44', at: new Date('2025-01-06T09:30:00Z') };
const at = (iso: string) => ({ field: 'PV1-45', at: new Date(iso) });

describe('times of one message in order, with a tolerance for clock differences', () => {
  it('accepts a later or equal time as in order', () => {
    expect(checkOrder(admitted, at('2025-01-06T09:30:00Z'), 300_000)).toEqual({ kind: 'in-order' });
    expect(checkOrder(admitted, at('2025-01-11T15:45:00Z'), 300_000)).toEqual({ kind: 'in-order' });
  });

  it('flags a reversal within the tolerance (a real message had its discharge 52 s early)', () => {
    expect(checkOrder(admitted, at('2025-01-06T09:29:08Z'), DEFAULT_CLOCK_SKEW_TOLERANCE_MS)).toEqual({
      kind: 'skewed',
      flag: {
        code: 'CLOCK_SKEW',
        fields: ['PV1-45', 'PV1-44'],
        detail: 'PV1-45 is 52 s before PV1-44, within the 5 min allowed for clock differences',
      },
    });
  });

  it('refuses a reversal beyond the tolerance, naming the field and the gap, not the times', () => {
    const check = checkOrder(admitted, at('2025-01-05T09:30:00Z'), DEFAULT_CLOCK_SKEW_TOLERANCE_MS);
    expect(check).toEqual({
      kind: 'reversed',
      field: 'PV1-45',
      problem: 'PV1-45 is 24 h before PV1-44; more than the 5 min allowed for clock differences',
    });
  });

  it('with tolerance 0, any reversal is refused', () => {
    expect(checkOrder(admitted, at('2025-01-06T09:29:59Z'), 0).kind).toBe('reversed');
  });

  it('compares a date with a time by the end of that London day', () => {
    const ready = (date: string) => ({ field: 'ZDR-2', date });
    expect(checkDateOrder(admitted, ready('2025-01-06'), 0)).toEqual({ kind: 'in-order' });
    expect(checkDateOrder(admitted, ready('2025-01-05'), 0).kind).toBe('reversed');
    // 00:02 London admission, ready date the day before: 3 minutes, within the tolerance
    const justAfterMidnight = { field: 'PV1-44', at: new Date('2025-01-06T00:02:00Z') };
    expect(checkDateOrder(justAfterMidnight, ready('2025-01-05'), 300_000).kind).toBe('skewed');
  });

  it('combines checks: the first reversal wins, else every flag', () => {
    const skewed = checkOrder(admitted, at('2025-01-06T09:29:00Z'), 300_000);
    const reversed = checkOrder(admitted, at('2025-01-01T09:29:00Z'), 300_000);
    expect(combineOrderChecks([{ kind: 'in-order' }, skewed])).toMatchObject({ kind: 'ok', flags: [{}] });
    expect(combineOrderChecks([skewed, reversed])).toEqual(reversed);
  });
});
