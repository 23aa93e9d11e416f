import type { ValidationIssue } from '@homefirst/runtime';
import { isKnownTimeZone } from '@homefirst/schemas';
import { z } from 'zod';
import { RECORD_FIELDS, REQUIRED_FIELDS, acceptsValue, type RecordField } from '../record/council-record';
import { compileDateFormat, type DateFormat } from './date-format';

/**
 * A per-council mapping: configuration (mappings/<name>.json), not code. It says which export column
 * holds which record field, how the export spells code values, how it writes dates and in which time
 * zone its local times are, and any constant fields (e.g. the council code when the export has none).
 */
const recordField = z.enum(RECORD_FIELDS, {
  error: (issue) =>
    `must be a field of the record format (${RECORD_FIELDS.join(', ')}), got ${JSON.stringify(issue.input)}`,
});

/** Fields whose dates a mapping may reformat: date-times (with the zone) and plain dates. */
export const DATE_TIME_FIELDS = ['occurredAt', 'scheduledFor'] as const satisfies readonly RecordField[];
export const DATE_FIELDS = ['plannedStartDate'] as const satisfies readonly RecordField[];
const dateField = z.enum([...DATE_TIME_FIELDS, ...DATE_FIELDS]);

export const mappingSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and hyphens' }),
    description: z.string().default(''),
    /** The case system's name, written as source.system of the events (unless a row names its own). */
    system: z.string().min(1),
    /** IANA zone of local (offset-less) times in the export. */
    timeZone: z
      .string()
      .default('Europe/London')
      .refine(isKnownTimeZone, { error: 'must be an IANA time zone, e.g. Europe/London' }),
    /** Export column name → record field. Matched ignoring case and surrounding spaces. */
    columns: z.record(z.string().min(1), recordField),
    /** Fields with the same value on every row (e.g. councilCode for a one-council export). */
    constants: z.partialRecord(recordField, z.string()).default({}),
    /** Per field: the export's code value → the record format's code value. Matched ignoring case. */
    values: z.partialRecord(recordField, z.record(z.string(), z.string())).default({}),
    /** Per date field: formats tried in order after ISO 8601 (tokens YYYY MM DD HH mm ss, e.g. DD/MM/YYYY HH:mm). */
    dateFormats: z.partialRecord(dateField, z.array(z.string().min(1)).min(1)).default({}),
  })
  .superRefine((mapping, ctx) => {
    const seen = new Map<RecordField, string>();
    for (const [column, field] of Object.entries(mapping.columns)) {
      const earlier = seen.get(field);
      if (earlier !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['columns', column],
          message: `maps to ${field}, which column "${earlier}" already maps to`,
        });
      seen.set(field, column);
      if (mapping.constants[field] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['constants', field],
          message: `is also mapped from column "${column}"`,
        });
    }
    for (const field of REQUIRED_FIELDS) {
      if (!seen.has(field) && mapping.constants[field] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['columns'],
          message: `no column maps to the required field ${field} (and no constant gives it)`,
        });
    }
    for (const [field, formats] of Object.entries(mapping.dateFormats)) {
      for (const format of formats) {
        try {
          compileDateFormat(format);
        } catch (err) {
          ctx.addIssue({
            code: 'custom',
            path: ['dateFormats', field],
            message: err instanceof Error ? err.message : String(err),
          });
        }
      }
    }
  });

export type Mapping = z.output<typeof mappingSchema>;

const normaliseColumn = (column: string): string => column.trim().toLowerCase();

/** A mapping ready for rows: columns resolved, value tables and date formats compiled. */
export interface CompiledMapping {
  readonly mapping: Mapping;
  /** Record field → export column name, for reports that speak the export's language. */
  readonly columnOf: ReadonlyMap<RecordField, string>;
  /** Maps one row, read by column name, to the record format's fields (values still text). */
  mapRow(cell: (column: string) => string | undefined): MappedRow;
}

export interface MappedRow {
  readonly input: Readonly<Record<string, string>>;
  readonly issues: readonly ValidationIssue[];
}

/** Compiles a validated mapping. Pure. */
export function compileMapping(mapping: Mapping): CompiledMapping {
  const columnOf = new Map<RecordField, string>();
  for (const [column, field] of Object.entries(mapping.columns)) columnOf.set(field, column);
  const valueTables = new Map<RecordField, ReadonlyMap<string, string>>();
  for (const [field, table] of Object.entries(mapping.values) as [RecordField, Record<string, string>][]) {
    valueTables.set(field, new Map(Object.entries(table).map(([from, to]) => [normaliseColumn(from), to])));
  }
  const formats = new Map<RecordField, readonly DateFormat[]>();
  for (const [field, list] of Object.entries(mapping.dateFormats) as [RecordField, string[]][]) {
    formats.set(field, list.map(compileDateFormat));
  }
  const dateTimeFields: ReadonlySet<RecordField> = new Set(DATE_TIME_FIELDS);

  function convertDate(field: RecordField, value: string): string | undefined {
    for (const format of formats.get(field) ?? []) {
      const converted = dateTimeFields.has(field)
        ? format.toInstant(value, mapping.timeZone)
        : format.toLocalDate(value);
      if (converted !== null) return converted;
    }
    return undefined;
  }

  return {
    mapping,
    columnOf,
    mapRow(cell) {
      const input: Record<string, string> = { ...mapping.constants };
      const issues: ValidationIssue[] = [];
      for (const [field, column] of columnOf) {
        const raw = cell(column);
        if (raw === undefined) continue;
        let value = raw.trim();
        if (value === '') continue;
        const table = valueTables.get(field);
        if (table !== undefined) {
          const mapped = table.get(value.toLowerCase());
          if (mapped !== undefined) value = mapped;
          else if (!acceptsValue(field, value)) {
            issues.push({
              path: field,
              // The value is not quoted: a shifted column can put a name or an NHS number here.
              message: `column "${column}" has a value the ${mapping.name} mapping does not know`,
            });
            continue;
          }
        }
        if (formats.has(field)) {
          const converted = convertDate(field, value);
          if (converted !== undefined) value = converted;
        }
        input[field] = value;
      }
      return { input, issues };
    },
  };
}

/** How well a header fits a mapping: its columns present, and the required ones missing. */
export function headerFit(
  compiled: CompiledMapping,
  header: readonly string[],
): { readonly matched: number; readonly missingRequired: readonly string[] } {
  const present = new Set(header.map(normaliseColumn));
  let matched = 0;
  const missingRequired: string[] = [];
  for (const [field, column] of compiled.columnOf) {
    if (present.has(normaliseColumn(column))) matched += 1;
    else if (REQUIRED_FIELDS.includes(field)) missingRequired.push(column);
  }
  return { matched, missingRequired };
}

/** A row reader for a CSV header: cell(column) by name, ignoring case and spaces. */
export function columnIndex(header: readonly string[]): ReadonlyMap<string, number> {
  const index = new Map<string, number>();
  header.forEach((column, position) => {
    const key = normaliseColumn(column);
    if (!index.has(key)) index.set(key, position);
  });
  return index;
}

export const cellReader =
  (index: ReadonlyMap<string, number>, cells: readonly string[]) =>
  (column: string): string | undefined => {
    const position = index.get(normaliseColumn(column));
    return position === undefined ? undefined : cells[position];
  };

/** A reader for a flat JSON object in an export's own field names. Numbers and booleans become text. */
export const objectReader = (object: Readonly<Record<string, unknown>>) => {
  const byName = new Map<string, unknown>();
  for (const [key, value] of Object.entries(object)) byName.set(normaliseColumn(key), value);
  return (column: string): string | undefined => {
    const value = byName.get(normaliseColumn(column));
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  };
};
