import { withinLocalHours } from './journey/working-time';
import { addDays, atLondonTime, londonDate, londonHourOfDay } from './london-time';
import { hl7DateTime, isoLocal } from '../render/time-format';

describe('England wall-clock time', () => {
  it('knows GMT from BST: 09:00 local is 09:00Z in January and 08:00Z in July', () => {
    expect(atLondonTime('2025-01-06', 9).toISOString()).toBe('2025-01-06T09:00:00.000Z');
    expect(atLondonTime('2025-07-07', 9).toISOString()).toBe('2025-07-07T08:00:00.000Z');
  });

  it('gives local days and hours across the spring change (01:00Z on 30 March 2025)', () => {
    expect(londonHourOfDay(new Date('2025-03-30T00:30:00Z'))).toBe(0.5);
    expect(londonHourOfDay(new Date('2025-03-30T01:30:00Z'))).toBe(2.5);
    expect(londonDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(addDays('2025-03-30', 2)).toBe('2025-04-01');
  });

  it('moves a time outside working hours to the next start of work', () => {
    expect(withinLocalHours(new Date('2025-01-06T21:00:00Z'), 8, 18).toISOString()).toBe(
      '2025-01-07T08:00:00.000Z',
    );
    expect(withinLocalHours(new Date('2025-01-06T06:00:00Z'), 8, 18).toISOString()).toBe(
      '2025-01-06T08:00:00.000Z',
    );
    const inside = new Date('2025-01-06T12:00:00Z');
    expect(withinLocalHours(inside, 8, 18)).toBe(inside);
  });

  it('writes HL7 DTM and ISO times in local time with the offset', () => {
    expect(hl7DateTime(new Date('2025-07-07T08:00:05Z'))).toBe('20250707090005+0100');
    expect(isoLocal(new Date('2025-01-06T09:30:00Z'))).toBe('2025-01-06T09:30:00+00:00');
  });
});
