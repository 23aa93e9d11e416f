import { Type, type Static, type TSchema } from '@sinclair/typebox';
import fastJson from 'fast-json-stringify';
import { readModels } from '@homefirst/schemas';
import { QueueItemSchema, QueueViewSchema, type QueueView } from './views';

/**
 * A queue page's JSON body, written from parts. Of a queue item only seven fields depend on the time it is shown
 * at (readModels.QueueWait); the rest are the stored entry's. So each stored entry's own fields are serialised
 * once per stored version (its parsed object, which ParsedCache keeps while the stored text is unchanged), for a
 * caller who sees NHS numbers and for one who does not; a request then writes only each item's wait and joins
 * the parts. The entry's fields, the page's head and its end go through serializers compiled from the route's own
 * response schema, and the wait's seven numbers and booleans are written as JSON writes them, so the body is the
 * one Fastify would have written from queueViewOf's view (queue-json.test.ts holds them equal).
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
const writeHead = compile(Type.Pick(QueueViewSchema, ['now', 'total', 'page', 'pageSize']));
const writeTail = compile(Type.Omit(QueueViewSchema, ['now', 'total', 'page', 'pageSize', 'items']));

/** The whole view through the response schema (an empty queue; and the reference queue-json.test.ts uses). */
export const writeQueueView = compile(QueueViewSchema);

interface PreparedEntry {
  readonly basis: readModels.QueueWaitBasis;
  /** The wait last written and its JSON (ASCII): the same for every request in the 36 s its rounded hours last. */
  wait?: readModels.QueueWait;
  waitJson?: Buffer;
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
  private readonly closings = new WeakMap<
    QueueView['countsByReason'],
    { readonly longDelayCount: number; readonly json: Buffer }
  >();

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
    const opening = `${withoutClose(writeHead({ ...rest, now: now.toISOString() }))},"items":[`;
    const closing = this.closingOf(rest);
    const opens: Buffer[] = [];
    const waits: Buffer[] = [];
    // The items' parts, and a comma between items.
    let length = Buffer.byteLength(opening) + closing.length + Math.max(0, entries.length - 1);
    for (const entry of entries) {
      const prepared = this.preparedOf(entry);
      const open = pseudonymised
        ? (prepared.pseudonymisedOpen ??= encodedOpen({ ...entry, nhsNumber: null, spellId: null }))
        : (prepared.open ??= encodedOpen(entry));
      const wait = this.waitJsonOf(prepared, readModels.queueWait(prepared.basis, nowMs, today, this.config));
      opens.push(open);
      waits.push(wait);
      length += open.length + wait.length;
    }
    const body = Buffer.allocUnsafe(length);
    let at = body.write(opening);
    opens.forEach((open, i) => {
      if (i > 0) body[at++] = COMMA;
      body.set(open, at);
      at += open.length;
      const wait = waits[i] ?? EMPTY;
      body.set(wait, at);
      at += wait.length;
    });
    body.set(closing, at);
    return body;
  }

  /** An entry's wait as JSON, written again only when one of its values changed. */
  private waitJsonOf(prepared: PreparedEntry, wait: readModels.QueueWait): Buffer {
    const last = prepared.wait;
    if (
      prepared.waitJson !== undefined &&
      last !== undefined &&
      last.hoursWaiting === wait.hoursWaiting &&
      last.daysWaiting === wait.daysWaiting &&
      last.excessBedDays === wait.excessBedDays &&
      last.costGbp === wait.costGbp &&
      last.longDelay === wait.longDelay &&
      last.internalDelayHours === wait.internalDelayHours &&
      last.internalDelayOver48h === wait.internalDelayOver48h
    )
      return prepared.waitJson;
    prepared.wait = wait;
    return (prepared.waitJson = Buffer.from(waitJson(wait), 'latin1'));
  }

  /**
   * The page's end (the counts by reason and the long-delay count), kept per counts array: a queue summary
   * gives every page it serves the same array (QueuePages), so it is written once per summary.
   */
  private closingOf(rest: Omit<QueuePageHead, 'now'>): Buffer {
    const kept = this.closings.get(rest.countsByReason);
    if (kept !== undefined && kept.longDelayCount === rest.longDelayCount) return kept.json;
    const json = Buffer.from(`],${writeTail(rest).slice(1)}`);
    this.closings.set(rest.countsByReason, { longDelayCount: rest.longDelayCount, json });
    return json;
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

/**
 * The wait's fields, to follow an entry's own (a comma first, the item's closing brace last). Numbers and
 * booleans only: a finite number's JSON is its string form, which is what the schema serializer writes too.
 */
const waitJson = (wait: readModels.QueueWait): string =>
  `,"hoursWaiting":${wait.hoursWaiting},"daysWaiting":${wait.daysWaiting},"excessBedDays":${wait.excessBedDays},"costGbp":${wait.costGbp},"longDelay":${wait.longDelay},"internalDelayHours":${wait.internalDelayHours ?? 'null'},"internalDelayOver48h":${wait.internalDelayOver48h}}`;

const COMMA = 0x2c;
const EMPTY = Buffer.alloc(0);

/** A serialised JSON object without its closing brace (every object these serializers write has a field). */
const withoutClose = (json: string): string => json.slice(0, -1);

/** An entry's own fields, serialised without the closing brace, as UTF-8. */
const encodedOpen = (fields: Static<typeof StoredFields>): Buffer =>
  Buffer.from(withoutClose(writeStored(fields)));
