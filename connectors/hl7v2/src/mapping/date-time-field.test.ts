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
});
