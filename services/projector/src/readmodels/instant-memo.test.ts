import { readModels } from '@homefirst/schemas';
import { iso, localDateOf } from './episode';

describe('memoised instant conversions', () => {
  it('give what the conversions give, also for instants that share a memo slot or come back after one', () => {
    const base = Date.parse('2025-03-30T00:30:00Z'); // the spring clock change: local dates move at 23:00Z
    const instants = [
      base,
      base + 8_192,
      base,
      base + 8_192 * 1_000,
      -8_192,
      0,
      base + 0.5,
      base - 3_600_000,
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const ms of instants) {
        expect(iso(ms)).toBe(readModels.iso(ms));
        expect(localDateOf(ms)).toBe(readModels.localDateOf(ms));
      }
    }
  });

  it('throw for an instant that is not one, as the conversion does', () => {
    expect(() => iso(Number.NaN)).toThrow(RangeError);
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });
});
