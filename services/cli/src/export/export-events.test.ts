import { createSecretKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EventCodec, InMemoryRegistry, catalogue, sampleEvents, type TopicName } from '@homefirst/schemas';
import { nhsNumbersIn, textsOf } from '../testing/nhs-scan';
import { readWithDuckDb, readWithHyparquet } from '../testing/parquet-readers';
import { EXPORT_TOPIC_NAMES, EXPORT_TOPICS, exportColumns } from './columns';
import { exportEvents, type EventFilter, type RecordBatch } from './export-events';
import { openWriter, type ExportFormat } from './writers';

// Given records as the topics hold them (the contract's wire format), when exported, then each format
// holds one row per event id with the documented columns, readable by DuckDB and hyparquet.

const specs = EXPORT_TOPIC_NAMES.map((name) => EXPORT_TOPICS[name]);
const dir = mkdtempSync(join(tmpdir(), 'homefirst-export-'));
const registry = new InMemoryRegistry();
const codec = new EventCodec({ registry });
const every = catalogue.flatMap((spec) =>
  sampleEvents[spec.name as TopicName].map((event) => ({
    topic: spec.name as TopicName,
    // The samples share one event id; here each is its own event.
    event: { ...event, eventId: `${event.type}-0001` },
  })),
);

/** Every sample event of every topic, one partition per topic, with `copies` sent twice in a row. */
async function batchesOf(copies: ReadonlySet<string> = new Set()): Promise<RecordBatch[]> {
  const batches: RecordBatch[] = [];
  for (const [partition, spec] of catalogue.entries()) {
    const records: { offset: string; value: Buffer | null }[] = [];
    for (const { topic, event } of every.filter((e) => e.topic === spec.name)) {
      const value = await codec.encode(topic, event);
      records.push({ offset: String(records.length), value });
      if (copies.has(event.type)) records.push({ offset: String(records.length), value });
    }
    batches.push({ partition, records, lag: 0 });
  }
  return batches;
}

async function* iterate(batches: readonly RecordBatch[]): AsyncGenerator<RecordBatch> {
  for (const batch of batches) yield await Promise.resolve(batch);
}

async function exportTo(
  format: ExportFormat,
  name: string,
  options: {
    filter?: EventFilter;
    pseudonymise?: { key?: ReturnType<typeof createSecretKey> };
    copies?: Set<string>;
  } = {},
) {
  const path = join(dir, name);
  const columns = exportColumns(specs, options.pseudonymise !== undefined);
  const writer = await openWriter(format, path, columns);
  const counts = await exportEvents(iterate(await batchesOf(options.copies)), {
    decode: (value) => codec.decodeAny(value),
    decodeSync: (value) => codec.decodeAnySync(value),
    writer,
    topics: specs,
    filter: options.filter ?? { by: 'occurred' },
    ...(options.pseudonymise !== undefined && { pseudonymise: options.pseudonymise }),
  });
  await writer.close();
  return { path, counts, columns: columns.map((c) => c.name) };
}

const eventIds = every.map((e) => e.event.eventId);

describe('exportEvents', () => {
  it('writes one row per event id: an at-least-once copy on the same partition is dropped and counted', async () => {
    const { path, counts } = await exportTo('ndjson', 'dupes.ndjson', {
      copies: new Set(['PatientAdmitted']),
    });
    expect(counts).toMatchObject({ read: every.length + 1, rows: every.length, duplicates: 1 });
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(every.length);
  });

  it('ndjson lines are the events as `homefirst map` prints them (JSON of the decoded event)', async () => {
    const { path } = await exportTo('ndjson', 'all.ndjson');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as unknown);
    const mapped = every.filter((e) => e.topic.includes('.events.')).map((e) => e.event);
    expect(mapped.length).toBeGreaterThan(20);
    for (const event of mapped) expect(parsed).toContainEqual(JSON.parse(JSON.stringify(event)));
    const raw = every.find((e) => e.event.type === 'RawMessageReceived')?.event;
    expect(parsed).toContainEqual(
      expect.objectContaining({
        type: 'RawMessageReceived',
        payload: expect.objectContaining({
          body: (raw?.payload as { body: Buffer } | undefined)?.body.toString('base64'),
        }) as unknown,
      }),
    );
  });

  it('filters on occurredAt by default, on recordedAt with by: recorded, and by type', async () => {
    const at = new Date('2025-01-06T10:00:00Z');
    const occurred = every.filter((e) => e.event.occurredAt.getTime() <= at.getTime()).length;
    const recorded = every.filter((e) => e.event.recordedAt.getTime() <= at.getTime()).length;
    expect(
      (await exportTo('ndjson', 'to-occ.ndjson', { filter: { by: 'occurred', to: at } })).counts.rows,
    ).toBe(occurred);
    expect(
      (await exportTo('ndjson', 'to-rec.ndjson', { filter: { by: 'recorded', to: at } })).counts.rows,
    ).toBe(recorded);
    const typed = await exportTo('ndjson', 'typed.ndjson', {
      filter: { by: 'occurred', types: new Set(['PatientDied']) },
    });
    expect(typed.counts).toMatchObject({ rows: 1, filteredOut: every.length - 1 });
  });

  it('counts a record no schema reads and goes on; a registry outage fails the export (retriable)', async () => {
    const batches = await batchesOf();
    const broken = [
      { partition: 9, records: [{ offset: '0', value: Buffer.from([0, 0, 0, 0, 99, 1]) }], lag: 0 },
    ];
    const writer = await openWriter('ndjson', join(dir, 'unreadable.ndjson'), []);
    const counts = await exportEvents(iterate([...broken, ...batches]), {
      decode: (value) => codec.decodeAny(value),
      writer,
      topics: specs,
      filter: { by: 'occurred' },
    });
    await writer.close();
    expect(counts).toMatchObject({ unreadable: 1, rows: every.length });

    const cold = new EventCodec({ registry });
    registry.down = true;
    const failing = await openWriter('ndjson', join(dir, 'down.ndjson'), []);
    await expect(
      exportEvents(iterate(batches), {
        decode: (value) => cold.decodeAny(value),
        writer: failing,
        topics: specs,
        filter: { by: 'occurred' },
      }),
    ).rejects.toMatchObject({ retriable: true });
    registry.down = false;
    await failing.close();
  });
});

describe('parquet and csv', () => {
  it('opens in DuckDB and in hyparquet with the documented columns and the values of the events', async () => {
    const { path, columns } = await exportTo('parquet', 'all.parquet');
    const duck = await readWithDuckDb(path, 'SELECT * FROM export ORDER BY topic, kafkaOffset');
    const hyp = await readWithHyparquet(path);
    expect(duck.columns).toEqual(columns);
    expect(hyp.columns).toEqual(columns);
    expect(duck.rows.map((r) => r.eventId).sort()).toEqual([...eventIds].sort());
    expect(hyp.rows.map((r) => r.eventId).sort()).toEqual([...eventIds].sort());

    const declared = every.map((e) => e.event).find((e) => e.type === 'DischargeReadyDeclared');
    if (declared?.type !== 'DischargeReadyDeclared') throw new Error('no sample');
    for (const [reader, rows] of [
      ['duckdb', duck.rows],
      ['hyparquet', hyp.rows],
    ] as const) {
      const row = rows.find((r) => r.eventId === declared.eventId);
      expect([reader, row === undefined]).toEqual([reader, false]);
      expect(row).toMatchObject({
        topic: 'hospital',
        type: 'DischargeReadyDeclared',
        personKey: declared.personKey,
        source_orgCode: declared.source.orgCode,
        payload_nhsNumber: declared.payload.nhsNumber,
        payload_proposedPathway: declared.payload.proposedPathway,
        payload_delay_reason: declared.payload.delay?.reason,
      });
      expect(new Date(row?.occurredAt as Date).getTime()).toBe(declared.occurredAt.getTime());
      expect(new Date(row?.payload_dischargeReadyDate as Date).toISOString().slice(0, 10)).toBe(
        declared.payload.dischargeReadyDate,
      );
    }
  });

  it('csv has a header of the documented columns and one row per event', async () => {
    const { path, columns } = await exportTo('csv', 'all.csv');
    const rows = parse<Record<string, string>>(readFileSync(path), { columns: true });
    expect(Object.keys(rows[0] ?? {})).toEqual(columns);
    expect(rows.map((r) => r.eventId).sort()).toEqual([...eventIds].sort());
  });

  it('an export that matched nothing is still a parquet file with the columns', async () => {
    const { path, columns } = await exportTo('parquet', 'none.parquet', {
      filter: { by: 'occurred', to: new Date('2000-01-01T00:00:00Z') },
    });
    const duck = await readWithDuckDb(path);
    expect(duck).toEqual({ columns, rows: [] });
  });
});

describe('a pseudonymised export', () => {
  const keyA = createSecretKey(Buffer.alloc(32, 'a'));
  const keyB = createSecretKey(Buffer.alloc(32, 'b'));
  const nhsNumbers = [...textsOf(every.map((e) => e.event))].flatMap(nhsNumbersIn);

  it('holds no NHS number in any value of any format', async () => {
    expect(nhsNumbers.length).toBeGreaterThan(0);
    for (const format of ['ndjson', 'csv', 'parquet'] as const) {
      const { path } = await exportTo(format, `pseudo.${format}`, { pseudonymise: { key: keyA } });
      const text = readFileSync(path, 'latin1');
      const values =
        format === 'parquet'
          ? [...textsOf((await readWithHyparquet(path)).rows), ...textsOf((await readWithDuckDb(path)).rows)]
          : [text];
      expect([format, values.flatMap(nhsNumbersIn)]).toEqual([format, []]);
      for (const nhsNumber of nhsNumbers) expect(values.join('\n')).not.toContain(nhsNumber);
    }
  });

  it('two recipient keys give personKeys and eventIds that do not join', async () => {
    const a = await readWithDuckDb(
      (await exportTo('parquet', 'a.parquet', { pseudonymise: { key: keyA } })).path,
    );
    const b = await readWithDuckDb(
      (await exportTo('parquet', 'b.parquet', { pseudonymise: { key: keyB } })).path,
    );
    const keysOf = (rows: readonly Record<string, unknown>[], column: string) =>
      new Set(rows.map((r) => r[column]).filter((v) => typeof v === 'string'));
    for (const column of ['personKey', 'eventId']) {
      const inA = keysOf(a.rows, column);
      expect(inA.size).toBeGreaterThan(0);
      expect([...keysOf(b.rows, column)].filter((k) => inA.has(k))).toEqual([]);
    }
    expect(a.columns).not.toContain('payload_nhsNumber');
    expect(a.columns).toContain('personKey');
  });
});
