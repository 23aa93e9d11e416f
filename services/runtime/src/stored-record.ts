import { z } from 'zod';
import { HubError } from './errors';

/**
 * A kind of JSON record a process stores (in Redis) and reads back: its name for error texts, the version
 * this build writes and reads, and the schema of that version. The stored JSON carries the version as
 * `v`; a record without `v` was written before versions existed and counts as version 1.
 */
export interface StoredRecord<T extends object> {
  readonly kind: string;
  readonly version: number;
  readonly schema: z.ZodType<T>;
  /** The JSON text to store: the record with its version first (as `storedJson`). */
  serialise(value: T): string;
  /** The record stored under `key` (as `parseStoredRecord`). */
  parse(key: string, text: string): T;
  /** As parse, but answers the error instead of throwing it (a caller that falls back on a fresh start). */
  safeParse(key: string, text: string): StoredParse<T>;
}

export type StoredParse<T> = { ok: true; value: T } | { ok: false; error: UnreadableStoredRecordError };

/**
 * A kind of stored record. To read an older layout, give `schema` a `z.union` with a `.transform` into
 * the current one; records are always written in the current layout.
 */
export const storedRecord = <T extends object>(
  kind: string,
  version: number,
  schema: z.ZodType<T>,
): StoredRecord<T> => {
  const record: StoredRecord<T> = {
    kind,
    version,
    schema,
    serialise: (value) => storedJson(record, value),
    parse: (key, text) => parseStoredRecord(record, key, text),
    safeParse(key, text) {
      try {
        return { ok: true, value: parseStoredRecord(record, key, text) };
      } catch (error) {
        if (error instanceof UnreadableStoredRecordError) return { ok: false, error };
        throw error;
      }
    },
  };
  return record;
};

/** An ISO instant as stored (JSON.stringify writes Dates so), a Date once read. */
export const storedInstant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/** A stored record this build cannot read. Names the key and what is wrong, never the record's content. */
export class UnreadableStoredRecordError extends HubError {
  constructor(
    readonly key: string,
    kind: string,
    detail: string,
  ) {
    super(`Stored ${kind} at ${key} is unreadable: ${detail}`, {
      code: 'STORED_RECORD_UNREADABLE',
      retriable: false,
    });
  }
}

/** The JSON text to store: the record with its version first. */
export const storedJson = <T extends object>(record: Pick<StoredRecord<T>, 'version'>, value: T): string => {
  // Written for every read-model row a projector derives: the value's own JSON with `v` put first, rather than
  // a copy of the value. A value with its own `v`, a toJSON, or a first key starting with a digit (integer-like
  // keys go before `v` in a spread) takes the general path; none of the stored records has one.
  if (Array.isArray(value) || 'v' in value || 'toJSON' in value)
    return JSON.stringify({ v: record.version, ...value });
  const json = JSON.stringify(value);
  if (json === '{}') return `{"v":${record.version}}`;
  const first = json.charCodeAt(2);
  if (first >= 48 && first <= 57) return JSON.stringify({ v: record.version, ...value });
  return `{"v":${record.version},${json.slice(1)}`;
};

/**
 * Parses a stored record read back under `key`: JSON, an object, the version this build reads (missing
 * = 1), then the schema (which drops `v`). Errors carry paths and zod issue codes, not values: JSON.parse
 * messages and zod messages can quote the text, and stored records hold NHS numbers.
 */
export const parseStoredRecord = <T extends object>(
  record: Pick<StoredRecord<T>, 'kind' | 'version' | 'schema'>,
  key: string,
  text: string,
): T => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnreadableStoredRecordError(key, record.kind, 'not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UnreadableStoredRecordError(key, record.kind, 'not a JSON object');
  const version = (json as { readonly v?: unknown }).v ?? 1;
  if (version !== record.version) {
    const written = typeof version === 'number' ? `version ${version}` : 'a non-numeric version';
    throw new UnreadableStoredRecordError(
      key,
      record.kind,
      `${written}; this build reads version ${record.version}`,
    );
  }
  const parsed = record.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`);
    throw new UnreadableStoredRecordError(key, record.kind, issues.join('; '));
  }
  return parsed.data;
};

/**
 * Parses the values of a hash read with HMGET/HGETALL: `fields[i]` names `texts[i]`; missing fields
 * (null) are skipped, as a member deleted between the index read and the hash read.
 */
export const parseStoredValues = <T extends object>(
  record: StoredRecord<T>,
  hashKey: string,
  fields: readonly string[],
  texts: readonly (string | null)[],
): T[] => {
  const values: T[] = [];
  texts.forEach((text, i) => {
    if (text !== null) values.push(parseStoredRecord(record, `${hashKey} ${fields[i] ?? '?'}`, text));
  });
  return values;
};
