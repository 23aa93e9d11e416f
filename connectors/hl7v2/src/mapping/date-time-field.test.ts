import { Hl7ContentError } from '../hl7/errors';
import { Hl7Document } from '../hl7/message';
import { optionalDateTime } from './date-time-field';
import { DEFAULT_MAPPING_SETTINGS } from './settings';

const pv1 = (admittedAt: string) =>
  Hl7Document.parse(
    [
      'MSH|^~\\&|PAS|RXN|HUB|HF|20250106092500||ADT^A01|1|P|2.4',
      `PV1|1|I${'|'.repeat(42)}${admittedAt}`,
    ].join('\r'),
  ).segment('PV1');

describe('optionalDateTime', () => {
  it('reads the field in the configured zone, keeping the calendar day as written', () => {
    const read = optionalDateTime(pv1('202507060925'), 44, 'admit date/time', DEFAULT_MAPPING_SETTINGS);
    expect(read?.at.toISOString()).toBe('2025-07-06T08:25:00.000Z'); // BST
    expect(read?.localDate).toBe('2025-07-06');
  });

  it('is null when the field is empty or the segment is missing', () => {
    expect(optionalDateTime(pv1(''), 44, 'admit date/time', DEFAULT_MAPPING_SETTINGS)).toBeNull();
    expect(optionalDateTime(undefined, 44, 'admit date/time', DEFAULT_MAPPING_SETTINGS)).toBeNull();
  });

  it('throws a data-type error at the segment and field when the value is not a date/time', () => {
    const reading = () => optionalDateTime(pv1('tomorrow'), 44, 'admit date/time', DEFAULT_MAPPING_SETTINGS);
    expect(reading).toThrow(Hl7ContentError);
    expect(reading).toThrow(/admit date\/time/);
    try {
      reading();
    } catch (error) {
      expect((error as Hl7ContentError).location).toEqual({ segment: 'PV1', field: 44 });
    }
  });

  it.each([
    ['a day that does not exist', '20250230101500'],
    ['a year 0000–0099 (never read as 19xx)', '00500101101500'],
    ['a year before 1900', '18991231101500'],
    ['hour 24', '20250101240000'],
    ['second 60 that is no leap second', '20250314123060+0000'],
    ['an offset with 75 minutes', '20250101101500+0175'],
  ])('refuses %s with a data-type error naming the field, not the value', (_what, text) => {
    const reading = () => optionalDateTime(pv1(text), 44, 'admit date/time', DEFAULT_MAPPING_SETTINGS);
    expect(reading).toThrow(/admit date\/time/);
    try {
      reading();
    } catch (error) {
      expect((error as Error).message).not.toContain(text);
    }
  });

  it('reads a leap second as the last millisecond before it and says so', () => {
    const read = optionalDateTime(
      pv1('20161231235960+0000'),
      44,
      'admit date/time',
      DEFAULT_MAPPING_SETTINGS,
    );
    expect(read?.at.toISOString()).toBe('2016-12-31T23:59:59.999Z');
    expect(read?.leapSecond).toBe(true);
  });
});
