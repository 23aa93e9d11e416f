import type { Column } from './columns';
import type { ExportTopic } from './columns';

/** One event as exported: where it was read and what it says (decoded, possibly pseudonymised). */
export interface ExportedEvent {
  readonly topic: ExportTopic;
  readonly partition: number;
  readonly offset: string;
  readonly event: { readonly type: string };
}

/** A cell as decoded: a Date (timestamp), a YYYY-MM-DD string (date), number, boolean, string, Buffer, null. */
export type Cell = string | number | boolean | Date | Buffer | null;

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const name of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

/** The cells of one row, in column order; absent fields are null. Lists become their JSON text. */
export function cellsOf(columns: readonly Column[], exported: ExportedEvent): Cell[] {
  return columns.map((column) => {
    if (column.from === 'topic') return exported.topic;
    if (column.from === 'partition') return exported.partition;
    if (column.from === 'offset') return exported.offset;
    const value = at(exported.event, column.from);
    if (value === undefined || value === null) return null;
    if (column.kind === 'list') return JSON.stringify(value);
    return value as Cell;
  });
}

/** A cell as CSV text: ISO 8601 instants, base64 bytes, true/false, empty for null. */
export function csvText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (Buffer.isBuffer(cell)) return cell.toString('base64');
  return String(cell);
}

/**
 * An event as one NDJSON line: exactly what `homefirst map` prints (JSON.stringify of the decoded event:
 * instants as ISO strings, dates as YYYY-MM-DD), so `homefirst project` reads an export as it reads `map`
 * output. Bytes (raw and dead-letter bodies) are base64 strings.
 */
export function ndjsonLine(exported: ExportedEvent): string {
  return JSON.stringify(exported.event, (_key, value: unknown) =>
    isSerialisedBuffer(value) ? Buffer.from(value.data).toString('base64') : value,
  );
}

// JSON.stringify calls Buffer#toJSON before the replacer sees the value.
const isSerialisedBuffer = (value: unknown): value is { type: 'Buffer'; data: number[] } =>
  typeof value === 'object' &&
  value !== null &&
  (value as { type?: unknown }).type === 'Buffer' &&
  Array.isArray((value as { data?: unknown }).data);
