import { Readable } from 'node:stream';
import { ValidationError } from '@homefirst/runtime';
import type { DeadLetterEvent, RawEvent } from '@homefirst/schemas';
import { itemOf } from '../csv/file-ingest';
import { readCsv, type CsvEntry } from '../csv/read-csv';
import { recordsOf } from '../http/server';
import { detectMapping, listMappingFiles, readMappingFile } from '../mapping-files/load';
import { columnIndex, type CompiledMapping } from '../mapping/mapping';
import type { BatchContext, InboundItem } from '../pipeline/batch';
import { parseCouncilJson } from '../pipeline/json-body';
import { jsonItemOf } from '../pipeline/json-item';

/** A stored input (raw record or dead letter) made into the pipeline's items again, with its batch context. */
export interface StoredBatch {
  readonly items: readonly InboundItem[];
  readonly context: BatchContext;
}

/** The mapping a stored input was read with: the one whose case system it names (none: the record format). */
function mappingOfSystem(system: string, dirs: readonly string[]): CompiledMapping | undefined {
  if (system === 'council-api') return undefined;
  for (const file of listMappingFiles(dirs).values()) {
    const compiled = readMappingFile(file);
    if (compiled.mapping.system === system) return compiled;
  }
  return undefined;
}

async function csvItems(body: Buffer, system: string, dirs: readonly string[]): Promise<InboundItem[]> {
  const entries: CsvEntry[] = [];
  for await (const entry of readCsv(Readable.from([body]))) entries.push(entry);
  const [header, ...rows] = entries;
  if (header?.kind !== 'header')
    throw new ValidationError('the stored CSV has no header', [{ path: 'header', message: 'is missing' }]);
  const compiled = mappingOfSystem(system, dirs) ?? detectMapping(header.cells, dirs);
  const index = columnIndex(header.cells);
  return rows.flatMap((entry) =>
    entry.kind === 'header' ? [] : [itemOf(entry, header.cells, header.raw, index, compiled)],
  );
}

function jsonItems(body: Buffer, system: string, dirs: readonly string[]): InboundItem[] {
  const parsed = parseCouncilJson(body);
  if (!parsed.ok) throw new ValidationError(`the stored JSON ${parsed.issue.message}`, [parsed.issue]);
  const mapping = mappingOfSystem(system, dirs);
  return recordsOf(parsed.value).map((record, index) => jsonItemOf(record, index, mapping));
}

/**
 * The items of a stored council input, read as the live path read them: JSON records (REST; in an
 * export's own field names when its case system names a mapping) or a CSV header and rows (files; the
 * mapping named by the case system, else detected from the header). The batch context is the original's
 * (channel, case system, council), received `receivedAt`.
 */
export async function storedBatch(
  stored: RawEvent | DeadLetterEvent,
  dirs: readonly string[],
  meta: { readonly receivedAt: Date; readonly correlationId: string; readonly rawMessageId: string },
): Promise<StoredBatch> {
  const body = stored.type === 'RawMessageReceived' ? stored.payload.body : stored.payload.input;
  const { channel, system, orgCode } = stored.source;
  if (channel !== 'COUNCIL_API' && channel !== 'COUNCIL_CSV')
    throw new ValidationError(`not a council input (${channel})`, [
      { path: 'source.channel', message: channel },
    ]);
  const items =
    channel === 'COUNCIL_CSV' ? await csvItems(body, system, dirs) : jsonItems(body, system, dirs);
  return {
    items,
    context: {
      channel,
      transport: channel === 'COUNCIL_CSV' ? 'FILE' : 'HTTP',
      contentType: stored.payload.contentType,
      system,
      orgCode,
      rawMessageId: meta.rawMessageId,
      rawBody: body,
      receivedAt: meta.receivedAt,
      correlationId: meta.correlationId,
    },
  };
}
