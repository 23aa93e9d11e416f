import { z } from 'zod';
import { HubError } from './errors';

/**
 * State a process writes as JSON (Redis values, progress files) and reads back later, perhaps after an
 * upgrade: every record carries a version (`v`) and is parsed with a zod schema on the way in. A record
 * that does not parse is a clear error naming its key — never a silent `as T` that fails later, far away.
 *
 * The schema describes the stored JSON (strings for instants; `z.iso.datetime().transform(...)` revives
 * them) and must pin `v` with `z.literal`. An older layout is read by giving the schema a `z.union` with
 * a `.transform` into the current one; the record is written in the current layout only.
 */
export interface StoredRecord<Output, Stored> {
  /** What this record is, for error texts: `spell snapshot`, `pull checkpoint`… */
  readonly kind: string;
  /** The record as JSON text, in its current layout. */
  serialise(value: Stored): string;
  /** The record stored under `key`; throws StoredRecordError when it is not JSON or not this record. */
  parse(key: string, text: string): Output;
  /** As parse, but answers the error instead of throwing it (a caller that falls back on a fresh start). */
  safeParse(key: string, text: string): { ok: true; value: Output } | { ok: false; error: StoredRecordError };
}

/** A stored record that cannot be read: the key and what is wrong with its shape (never its values). */
export class StoredRecordError extends HubError {
  readonly key: string;

  constructor(kind: string, key: string, problem: string, cause?: unknown) {
    super(`the ${kind} stored under ${key} is not readable: ${problem}`, {
      code: 'STORED_RECORD_UNREADABLE',
      retriable: false,
      ...(cause === undefined ? {} : { cause }),
    });
    this.key = key;
  }
}

/** Where the stored JSON differs from the schema: paths and zod's messages, which never echo values. */
const problemsOf = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');

/**
 * A versioned record parsed with `schema`. What is written is the schema's output (Dates included):
 * JSON.stringify writes Dates as ISO strings, which `storedInstant` turns back into Dates.
 */
export function storedRecord<S extends z.ZodType, Stored = z.output<S>>(
  kind: string,
  schema: S,
): StoredRecord<z.output<S>, Stored> {
  const safeParse = (
    key: string,
    text: string,
  ): { ok: true; value: z.output<S> } | { ok: false; error: StoredRecordError } => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { ok: false, error: new StoredRecordError(kind, key, 'not JSON', err) };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      return { ok: false, error: new StoredRecordError(kind, key, problemsOf(parsed.error)) };
    return { ok: true, value: parsed.data };
  };
  return {
    kind,
    serialise: (value) => JSON.stringify(value),
    safeParse,
    parse(key, text) {
      const result = safeParse(key, text);
      if (!result.ok) throw result.error;
      return result.value;
    },
  };
}

/** The shortcut for one read: the record stored under `key`, parsed with `schema`, or a StoredRecordError. */
export const parseStoredRecord = <S extends z.ZodType>(
  kind: string,
  schema: S,
  key: string,
  text: string,
): z.output<S> => storedRecord(kind, schema).parse(key, text);

/** An ISO instant as stored, a Date once read. */
export const storedInstant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
