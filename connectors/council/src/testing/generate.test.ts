import { isValidNhsNumber } from '@homefirst/schemas';
import { CANONICAL_HEADER, syntheticRow, testNhsNumber } from './generate';
import { decodeCouncilRecord } from '../record/council-record';
import { cellReader, columnIndex } from '../mapping/mapping';
import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../mapping-files/load';

describe('synthetic council rows', () => {
  it('gives valid 999 test NHS numbers', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 500_000; n += 1) {
      const nhs = testNhsNumber(n);
      if (!nhs.startsWith('999') || !isValidNhsNumber(nhs)) throw new Error(`bad test number for ${n}`);
      seen.add(nhs);
    }
    expect(seen.size).toBe(500_000);
  });

  it('gives rows the homefirst mapping reads and the record format accepts, and bad rows where asked', () => {
    const header = CANONICAL_HEADER.split(',');
    const mapping = loadMapping('homefirst', [BUILT_IN_MAPPINGS_DIR]);
    const decode = (i: number, badEvery?: number) =>
      decodeCouncilRecord(
        mapping.mapRow(
          cellReader(
            columnIndex(header),
            syntheticRow(i, badEvery === undefined ? {} : { badEvery }).split(','),
          ),
        ).input,
        new Date('2025-07-01T00:00:00Z'),
      );
    for (let i = 1; i <= 8; i += 1) expect(decode(i)).toMatchObject({ ok: true });
    expect(decode(5, 5)).toMatchObject({ ok: false });
  });
});
