import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { councilRecordFormat, isValidNhsNumber } from '@homefirst/schemas';
import { demoCorpus } from '../testing/corpus';
import { COUNCIL_CSV_HEADER } from './council';
import { councilCsvRowOf } from './wire';

// The council connector's documented record format is the contract: read it from the repository (a
// file, not an import — packages meet only on topics and documented formats).
const recordFormat = join(__dirname, '..', '..', '..', '..', 'connectors', 'council', 'record-format');

interface PropertySchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly (string | null)[];
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly oneOf?: readonly PropertySchema[];
  readonly minimum?: number;
  readonly maximum?: number;
}
interface RecordSchema {
  readonly $defs: {
    readonly record: {
      readonly required: readonly string[];
      readonly properties: Readonly<Record<string, PropertySchema>>;
      readonly additionalProperties: boolean;
    };
  };
}

/** The subset of JSON Schema the record format uses: type, enum, pattern, maxLength, oneOf, minimum/maximum. */
function matches(value: unknown, schema: PropertySchema): boolean {
  if (schema.oneOf) return schema.oneOf.some((option) => matches(value, option));
  const types =
    schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  const typeOf = value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length > 0 && !types.includes(typeOf) && !(typeOf === 'integer' && types.includes('number')))
    return false;
  if (schema.enum && !schema.enum.includes(value as string | null)) return false;
  if (
    typeof value === 'string' &&
    schema.pattern !== undefined &&
    !new RegExp(schema.pattern, 'u').test(value)
  )
    return false;
  if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength)
    return false;
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) return false;
  if (typeof value === 'number' && schema.maximum !== undefined && value > schema.maximum) return false;
  return true;
}

/** What each event needs beyond the common fields (connectors/council README, "record format"). */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  assessment_scheduled: ['scheduledFor'],
  assessment_completed: ['servicesRequired'],
  package_requested: ['serviceType'],
  provider_offered: ['providerId'],
  provider_declined: ['providerId'],
  package_sourced: ['providerId', 'plannedStartDate'],
  package_started: ['serviceType'],
  placement_started: ['serviceType'],
  reablement_ended: ['outcome'],
};

const corpus = demoCorpus();
const council = corpus.messages.filter(({ delivery }) => delivery.channel === 'COUNCIL');

describe('council record renderer', () => {
  it('writes the canonical CSV header of the council record format, field for field', () => {
    const header = readFileSync(join(recordFormat, 'council-record-header.csv'), 'utf8').trim();
    expect(COUNCIL_CSV_HEADER).toBe(header);
  });

  it('renders records that match the record format JSON Schema, with what each event needs', () => {
    const schema = (
      JSON.parse(readFileSync(join(recordFormat, 'council-record.schema.json'), 'utf8')) as RecordSchema
    ).$defs.record;
    expect(Object.keys(schema.properties)).toEqual([...councilRecordFormat.FIELDS]);
    const clean = council.filter(({ delivery }) => delivery.malformation === null);
    expect(clean.length).toBeGreaterThan(1000);
    const problems: string[] = [];
    const events = new Set<string>();
    for (const { delivery, message } of clean) {
      const record = JSON.parse(message.body) as Record<string, unknown>;
      events.add(String(record.event));
      for (const field of schema.required)
        if (record[field] === undefined) problems.push(`${delivery.messageId}: no ${field}`);
      for (const [field, value] of Object.entries(record)) {
        const property = schema.properties[field];
        if (property === undefined) problems.push(`${delivery.messageId}: ${field} is not in the format`);
        else if (!matches(value, property))
          problems.push(`${delivery.messageId}: ${field} does not match the format`);
      }
      for (const field of NEEDS[String(record.event)] ?? [])
        if (record[field] === undefined)
          problems.push(`${delivery.messageId}: ${String(record.event)} without ${field}`);
      if (!isValidNhsNumber(String(record.nhsNumber))) problems.push(`${delivery.messageId}: NHS number`);
      if (record.recordId !== delivery.messageId || record.councilCode !== 'E08000012')
        problems.push(`${delivery.messageId}: ids`);
    }
    expect(problems).toEqual([]);
    expect(events).toEqual(new Set(councilRecordFormat.EVENTS));
  });

  it('given a malformed record, then its NHS number fails modulus 11 or its JSON and CSV row are cut short', () => {
    const malformed = council.filter(({ delivery }) => delivery.malformation !== null);
    expect(malformed.length).toBeGreaterThan(0);
    for (const { delivery, message } of malformed) {
      const row = councilCsvRowOf(delivery, corpus.simulation.parameters);
      if (delivery.malformation === 'TRUNCATED') {
        expect(() => JSON.parse(message.body) as unknown).toThrow();
        expect(row.split(',').length).toBeLessThan(councilRecordFormat.FIELDS.length);
      } else {
        const record = JSON.parse(message.body) as { nhsNumber: string };
        expect(isValidNhsNumber(record.nhsNumber)).toBe(false);
        expect(row).toContain(record.nhsNumber);
      }
    }
  });
});
