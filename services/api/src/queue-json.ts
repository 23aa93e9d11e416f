import { Type, type Static, type TSchema } from '@sinclair/typebox';
import fastJson from 'fast-json-stringify';
import { readModels } from '@homefirst/schemas';
import { QueueItemSchema, QueueViewSchema, type QueueView } from './views';

/**
 * A queue page's JSON body, written from parts. Of a queue item only seven fields depend on the time it is shown
 * at (readModels.QueueWait); the rest are the stored entry's. So each stored entry's own fields are serialised
 * once per stored version (its parsed object, which ParsedCache keeps while the stored text is unchanged), for a
 * caller who sees NHS numbers and for one who does not; a request then writes only each item's wait and joins
 * the parts. Every part goes through a serializer compiled from the route's own response schema, so the body is
 * the one Fastify would have written from queueViewOf's view (queue-json.test.ts holds them equal).
 */

const WAIT_FIELDS = [
  'hoursWaiting',
  'daysWaiting',
  'excessBedDays',
  'costGbp',
  'longDelay',
  'internalDelayHours',
  'internalDelayOver48h',
] as const satisfies readonly (keyof readModels.QueueWait)[];

/** A serializer compiled from a schema (fast-json-stringify's typings say `any` for a schema object). */
const compile = <T extends TSchema>(schema: T) => fastJson(schema) as (value: Static<T>) => string;

const StoredFields = Type.Omit(QueueItemSchema, WAIT_FIELDS);
const writeStored = compile(StoredFields);
const writeWait = compile(Type.Pick(QueueItemSchema, WAIT_FIELDS));
const writeHead = compile(Type.Pick(QueueViewSchema, ['now', 'total', 'page', 'pageSize']));
const writeTail = compile(Type.Omit(QueueViewSchema, ['now', 'total', 'page', 'pageSize', 'items']));

/** The whole view through the response schema (an empty queue; and the reference queue-json.test.ts uses). */
export const writeQueueView = compile(QueueViewSchema);

interface PreparedEntry {
  readonly basis: readModels.QueueWaitBasis;
  /**
   * The entry's own fields as a JSON object without its closing brace, encoded (UTF-8) once; per caller kind,
   * made when first needed.
   */
  open?: Buffer;
  pseudonymisedOpen?: Buffer;
}

/** What a page says besides its items. */
export type QueuePageHead = Omit<QueueView, 'items' | 'now'> & { readonly now: Date };

export class QueuePageJson {
  private readonly prepared = new WeakMap<readModels.QueueEntry, PreparedEntry>();

  constructor(private readonly config: readModels.ViewConfig) {}

  /**
   * The page's body (UTF-8): `entries` (stored queue entries, shared and never mutated) as items at `head.now`,
   * NHS numbers and spell ids withheld when `pseudonymised`. The entries' own fields are copied as the bytes
   * encoded the first time; only the rest is encoded per request.
   */
  render(head: QueuePageHead, entries: readonly readModels.QueueEntry[], pseudonymised: boolean): Buffer {
    const nowMs = head.now.getTime();
    const today = readModels.dayNumberOf(readModels.localDateOf(nowMs));
    const { now, ...rest } = head;
    const parts: (Buffer | string)[] = [
      `${withoutClose(writeHead({ ...rest, now: now.toISOString() }))},"items":[`,
    ];
    entries.forEach((entry, i) => {
      const prepared = this.preparedOf(entry);
      const open = pseudonymised
        ? (prepared.pseudonymisedOpen ??= encodedOpen({ ...entry, nhsNumber: null, spellId: null }))
        : (prepared.open ??= encodedOpen(entry));
      if (i > 0) parts.push(',');
      parts.push(
        open,
        `,${writeWait(readModels.queueWait(prepared.basis, nowMs, today, this.config)).slice(1)}`,
      );
    });
    parts.push(`],${writeTail(rest).slice(1)}`);
    return joined(parts);
  }

  private preparedOf(entry: readModels.QueueEntry): PreparedEntry {
    let prepared = this.prepared.get(entry);
    if (prepared === undefined) {
      prepared = { basis: readModels.queueWaitBasis(entry, this.config) };
      this.prepared.set(entry, prepared);
    }
    return prepared;
  }
}

/** A serialised JSON object without its closing brace (every object these serializers write has a field). */
const withoutClose = (json: string): string => json.slice(0, -1);

/** An entry's own fields, serialised without the closing brace, as UTF-8. */
const encodedOpen = (fields: Static<typeof StoredFields>): Buffer =>
  Buffer.from(withoutClose(writeStored(fields)));

/** The parts as one UTF-8 buffer, allocated once. */
function joined(parts: readonly (Buffer | string)[]): Buffer {
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
  const body = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) at += typeof part === 'string' ? body.write(part, at) : part.copy(body, at);
  return body;
}
