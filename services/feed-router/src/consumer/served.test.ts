import { parseServed, planServing, servedRecord } from './served';

describe('served councils of a partition (a council added later is backfilled)', () => {
  it('reads back what it wrote, and names the partition of a record that does not parse', () => {
    const served = { councils: ['E08000011', 'E08000012'], backfill: { E08000014: 120 } };
    expect(parseServed(2, servedRecord(2, served).value as Buffer)).toEqual(served);
    expect(servedRecord(2, served)).toMatchObject({ key: '@served', partition: 2 });
    expect(servedRecord(2, served).value?.toString()).toMatch(/^\{"v":1,/);
    expect(() => parseServed(4, Buffer.from('{"councils":"E08000012"}'))).toThrow(
      'Stored served councils record at @served of state partition 4 is unreadable: councils: invalid_type',
    );
    expect(() => parseServed(4, Buffer.from('not json'))).toThrow('@served of state partition 4');
    expect(() => parseServed(4, Buffer.from('{"v":2,"councils":[]}'))).toThrow('this build reads version 1');
    // Written by session 24's build, before the version: read as version 1.
    expect(parseServed(1, Buffer.from('{"councils":["E08000012"]}'))).toEqual({ councils: ['E08000012'] });
  });

  it('backfills nothing on a partition with nothing routed, and writes the record', () => {
    expect(planServing(undefined, ['E08000012'], false)).toEqual({
      backfill: new Map(),
      record: { councils: ['E08000012'] },
    });
    expect(planServing({ councils: [] }, ['E08000012'], false).backfill.size).toBe(0);
  });

  it('takes the councils served now as served before when a routed partition has no record', () => {
    expect(planServing(undefined, ['E08000014', 'E08000012'], true)).toEqual({
      backfill: new Map(),
      record: { councils: ['E08000012', 'E08000014'] },
    });
  });

  it('backfills a council added since, and rewrites nothing when the councils are the same', () => {
    const stored = { councils: ['E08000012'] };
    expect(planServing(stored, ['E08000012', 'E08000014'], true)).toEqual({
      backfill: new Map([['E08000014', 0]]),
      record: { councils: ['E08000012', 'E08000014'] },
    });
    expect(planServing(stored, ['E08000012'], true)).toEqual({ backfill: new Map(), record: undefined });
  });

  it('goes on with an interrupted backfill from what it wrote, and drops a council no longer served', () => {
    const stored = { councils: ['E08000011', 'E08000012'], backfill: { E08000014: 75 } };
    expect(planServing(stored, ['E08000012', 'E08000014'], true)).toEqual({
      backfill: new Map([['E08000014', 75]]),
      record: { councils: ['E08000012', 'E08000014'] },
    });
    // Removed meanwhile: its backfill is not finished, and the record no longer names it.
    expect(planServing(stored, ['E08000011', 'E08000012'], true)).toEqual({
      backfill: new Map(),
      record: { councils: ['E08000011', 'E08000012'] },
    });
  });
});
