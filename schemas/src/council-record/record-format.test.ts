import type { ReablementOutcome, RouteOfAccess } from '../generated/events';
import { reablementOutcome, routeOfAccess } from '../avro/council';
import {
  CSV_HEADER,
  FIELDS,
  OUTCOMES,
  REQUIRED_FIELDS,
  ROUTES_OF_ACCESS,
  csvColumnOf,
} from './record-format';

describe('the council record format', () => {
  it('writes the CSV header in snake_case, one column per field', () => {
    expect(csvColumnOf('occurredAt')).toBe('occurred_at');
    expect(csvColumnOf('hospitalOdsCode')).toBe('hospital_ods_code');
    expect(CSV_HEADER).toHaveLength(FIELDS.length);
    expect(CSV_HEADER[0]).toBe('record_id');
    expect(new Set(CSV_HEADER).size).toBe(FIELDS.length);
  });

  it('requires only fields it has: the ids, the event and its time', () => {
    for (const field of REQUIRED_FIELDS) expect(FIELDS).toContain(field);
    expect(REQUIRED_FIELDS).toEqual([
      'recordId',
      'councilCode',
      'nhsNumber',
      'event',
      'occurredAt',
      'referralId',
    ]);
  });

  it('has a contract symbol for every outcome and route of access code', () => {
    for (const code of OUTCOMES)
      expect(reablementOutcome.symbols).toContain(code.toUpperCase() as ReablementOutcome);
    for (const code of ROUTES_OF_ACCESS)
      expect(routeOfAccess.symbols).toContain(code.toUpperCase() as RouteOfAccess);
  });
});
