import { NHS_NUMBER_POLICY_ISSUED_ONLY } from '@homefirst/schemas';
import { isValidNhsNumber } from '@homefirst/schemas';
import { NHS, arthurPlacement, kennethOutOfOrder, margaretJourney } from '../testing/corpus';
import { RECORD_FIELDS, decodeCouncilRecord, describeIssues, type DecodedRecord } from './council-record';

const now = new Date('2025-07-01T12:00:00Z');
const [referral] = margaretJourney;
const issuesOf = (decoded: DecodedRecord) => (decoded.ok ? [] : decoded.issues);

describe('council record format', () => {
  it('uses test NHS numbers that pass modulus 11, and one that fails it', () => {
    for (const nhs of [NHS.margaret, NHS.arthur, NHS.doris, NHS.kenneth])
      expect(isValidNhsNumber(nhs)).toBe(true);
    expect(isValidNhsNumber(NHS.badCheckDigit)).toBe(false);
  });

  it('given every record of the corpus, then each decodes', () => {
    for (const record of [...margaretJourney, ...arthurPlacement, ...kennethOutOfOrder]) {
      const decoded = decodeCouncilRecord(record, now);
      expect(issuesOf(decoded)).toEqual([]);
    }
  });

  it('given a referral, then fields are normalised: instant, pathway symbol, upper-case codes', () => {
    const decoded = decodeCouncilRecord(
      {
        ...referral,
        councilCode: 'e08000012',
        nhsNumber: '999 000 0018',
        event: 'Referral received',
        hospitalOdsCode: 'rem',
      },
      now,
    );
    expect(decoded).toMatchObject({
      ok: true,
      record: {
        councilCode: 'E08000012',
        nhsNumber: '9990000018',
        event: 'referral_received',
        occurredAt: new Date('2025-01-06T09:30:00Z'),
        pathway: 'P1',
        hospitalOdsCode: 'REM',
        packageId: null,
      },
    });
  });

  it('given CSV text with blank cells, then blanks are absent values', () => {
    const decoded = decodeCouncilRecord(
      { ...referral, pathway: '', laPersonId: '  ', hoursPerWeek: '', hospitalSpellId: '' },
      now,
    );
    expect(decoded).toMatchObject({
      ok: true,
      record: { pathway: null, laPersonId: null, hospitalSpellId: null },
    });
  });

  it('given unknown keys, then each is named by its place (and the field it is spelt like), never echoed', () => {
    const decoded = decodeCouncilRecord({ ...referral, THOMPSON: 'x', nhs_number: NHS.margaret }, now);
    expect(issuesOf(decoded)).toEqual([
      {
        path: '(unknown field)',
        message: `key ${Object.keys(referral).length + 1} of the record is not a field of the council record format`,
      },
      {
        path: '(unknown field)',
        message: `key ${Object.keys(referral).length + 2} of the record is not a field of the council record format (spelt like nhsNumber)`,
      },
    ]);
  });

  it.each([
    ['an NHS number failing modulus 11', { nhsNumber: NHS.badCheckDigit }, 'nhsNumber'],
    ['no record id', { recordId: '' }, 'recordId'],
    ['a time without an offset', { occurredAt: '2025-01-06T09:30:00' }, 'occurredAt'],
    ['a date that does not exist', { occurredAt: '2025-02-30T09:30:00Z' }, 'occurredAt'],
    ['a time more than a day ahead', { occurredAt: '2025-07-03T12:00:00Z' }, 'occurredAt'],
    ['an unknown event', { event: 'case_note_added' }, 'event'],
    ['a pathway of 4', { pathway: 4 }, 'pathway'],
    ['a county district code (no social care)', { councilCode: 'E07000117' }, 'councilCode'],
    [
      'a reason in free text',
      { event: 'referral_cancelled', reasonCode: 'Mrs Smith moved to her daughter' },
      'reasonCode',
    ],
    // Unknown keys are not echoed (a key can hold a name): see the test below.
    ['a field the format does not have', { nhsNo: NHS.margaret }, '(unknown field)'],
    ['more hours than a week has', { hoursPerWeek: 200 }, 'hoursPerWeek'],
  ])('given %s, then it is rejected on that field', (_why, change, field) => {
    const decoded = decodeCouncilRecord({ ...referral, ...change }, now);
    expect(decoded.ok).toBe(false);
    expect(issuesOf(decoded).map((issue) => issue.path)).toContain(field);
  });

  it.each([
    ['package_requested', {}, 'serviceType'],
    ['package_started', {}, 'serviceType'],
    ['placement_started', { serviceType: 'home_care' }, 'serviceType'],
    ['provider_offered', {}, 'providerId'],
    ['provider_declined', {}, 'providerId'],
    ['package_sourced', { providerId: '1-2094837561' }, 'plannedStartDate'],
    ['reablement_ended', {}, 'outcome'],
    ['assessment_scheduled', {}, 'scheduledFor'],
    ['assessment_completed', {}, 'servicesRequired'],
  ])('given %s without what it needs, then it is rejected', (event, extra, field) => {
    const decoded = decodeCouncilRecord({ ...referral, event, ...extra }, now);
    expect(issuesOf(decoded)).toEqual([expect.objectContaining({ path: field })]);
  });

  it('given a rejected record, then the reasons never echo the NHS number and its identity is kept for routing', () => {
    const decoded = decodeCouncilRecord(
      { ...referral, nhsNumber: NHS.badCheckDigit, pathway: NHS.margaret },
      now,
    );
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    const text = describeIssues(decoded.issues);
    expect(text).not.toContain('999');
    expect(decoded.identity).toEqual({ recordId: 'LAS-778812-1', councilCode: 'E08000012', nhsNumber: null });
  });

  it('given something that is not an object, then it is rejected with a reason', () => {
    expect(issuesOf(decodeCouncilRecord('hello', now))).toEqual([
      { path: 'record', message: 'must be a JSON object of record fields' },
    ]);
  });
});

describe('council record dates are real and plausible', () => {
  it.each([
    ['a year 0000–0099 (never read as 19xx)', { occurredAt: '0025-01-06T09:30:00Z' }, 'occurredAt'],
    ['a planned start on 30 February', { plannedStartDate: '2025-02-30' }, 'plannedStartDate'],
    ['a planned start in 1850', { plannedStartDate: '1850-01-01' }, 'plannedStartDate'],
  ])('given %s, then it is rejected on that field', (_why, change, field) => {
    const decoded = decodeCouncilRecord({ ...referral, ...change }, now);
    expect(decoded.ok).toBe(false);
    expect(issuesOf(decoded).map((issue) => issue.path)).toContain(field);
  });
});

describe('NHS number policy at the council edge', () => {
  it('takes a 999 test number by default and refuses it for issued numbers only, naming the rule', () => {
    expect(decodeCouncilRecord(referral, now).ok).toBe(true);
    const decoded = decodeCouncilRecord(referral, now, NHS_NUMBER_POLICY_ISSUED_ONLY);
    expect(decoded.ok).toBe(false);
    expect(issuesOf(decoded)).toContainEqual({
      path: 'nhsNumber',
      message: 'is a test number (999 range), which this hub is not configured to accept',
    });
  });
});

describe('a decoded council record', () => {
  it('given a record that leaves fields out, then it has every field of the format, in order, null where absent', () => {
    const decoded = decodeCouncilRecord(referral, now);
    if (!decoded.ok) throw new Error(describeIssues(decoded.issues));
    expect(Object.keys(decoded.record)).toEqual([...RECORD_FIELDS]);
    const absent = RECORD_FIELDS.filter((field) => !(field in referral));
    expect(absent.length).toBeGreaterThan(0);
    for (const field of absent) expect(decoded.record[field]).toBeNull();
  });
});
