import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCodec, readHistory } from '@homefirst/runtime';
import { type EventsExportedEvent } from '@homefirst/schemas';
import { parse } from 'csv-parse/sync';
import { EXPORT_TOPICS, exportColumns } from '../../services/cli/src/export/columns';
import { nhsNumbersIn, textsOf } from '../../services/cli/src/testing/nhs-scan';
import { readWithDuckDb, readWithHyparquet } from '../../services/cli/src/testing/parquet-readers';
import { ExportFixture } from '../support/export-fixture';
import { runDocQueries } from './data-teams-queries';

// `homefirst export events` end to end: the real command over real topics of a small city in which some
// events were written twice (at-least-once), read back by `homefirst project`, DuckDB and hyparquet.

const fixture = new ExportFixture('export-int', 30);
const dir = mkdtempSync(join(tmpdir(), 'homefirst-export-int-'));
const out = (name: string) => join(dir, name);
const NOW = '2025-03-05T12:00:00Z';
const ACTOR = { HOMEFIRST_ACTOR: 'analyst-int' };

beforeAll(() => fixture.start(), 180_000);
afterAll(() => fixture.stop());

const summaryOf = (result: { status: number | null; stdout: string; stderr: string }) => {
  expect([result.status, result.stderr.split('\n').filter((l) => l.startsWith('homefirst:'))]).toEqual([
    0,
    [],
  ]);
  return JSON.parse(result.stdout) as {
    rows: number;
    read: number;
    duplicates: number;
    auditEventId: string;
  };
};

describe('homefirst export events', () => {
  it('ndjson: one line per event id, and `homefirst project` reads it as it reads `map` output', () => {
    const summary = summaryOf(
      fixture.homefirst(
        ['export', 'events', '--format', 'ndjson', '--out', out('all.ndjson'), '--json'],
        ACTOR,
      ),
    );
    expect(summary).toMatchObject({
      read: fixture.events.length + fixture.copies.length,
      rows: fixture.events.length,
      duplicates: fixture.copies.length,
    });
    writeFileSync(out('source.ndjson'), fixture.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const fromExport = fixture.homefirst(['project', out('all.ndjson'), '--now', NOW]);
    const fromSource = fixture.homefirst(['project', out('source.ndjson'), '--now', NOW]);
    expect(fromExport.status).toBe(0);
    expect(JSON.parse(fromExport.stdout)).toEqual(JSON.parse(fromSource.stdout));
  });

  it('parquet opens in DuckDB and in hyparquet with the documented columns, one row per event id', async () => {
    summaryOf(
      fixture.homefirst(
        ['export', 'events', '--format', 'parquet', '--out', out('all.parquet'), '--json'],
        ACTOR,
      ),
    );
    const columns = exportColumns([EXPORT_TOPICS.hospital, EXPORT_TOPICS.council], false).map((c) => c.name);
    const duck = await readWithDuckDb(
      out('all.parquet'),
      'SELECT count(*) AS n, count(DISTINCT eventId) AS ids FROM export',
    );
    expect(duck.columns).toEqual(columns);
    expect(duck.rows).toEqual([{ n: BigInt(fixture.events.length), ids: BigInt(fixture.events.length) }]);
    const hyp = await readWithHyparquet(out('all.parquet'));
    expect(hyp.columns).toEqual(columns);
    expect(hyp.rows).toHaveLength(fixture.events.length);
    const admitted = fixture.events.find((e) => e.type === 'PatientAdmitted');
    if (admitted?.type !== 'PatientAdmitted') throw new Error('no admission in the city');
    const row = hyp.rows.find((r) => r.eventId === admitted.eventId);
    expect(row).toMatchObject({
      topic: 'hospital',
      type: 'PatientAdmitted',
      personKey: admitted.personKey,
      payload_nhsNumber: admitted.payload.nhsNumber,
      payload_spellId: admitted.payload.spellId,
      payload_location_ward: admitted.payload.location.ward,
    });
    expect(new Date(row?.occurredAt as Date).toISOString()).toBe(admitted.occurredAt.toISOString());
  });

  it('the worked queries of docs/data-teams.md run on a parquet export and count what the city holds', async () => {
    summaryOf(
      fixture.homefirst(
        ['export', 'events', '--format', 'parquet', '--out', out('doc.parquet'), '--json'],
        ACTOR,
      ),
    );
    const [weekly = [], byReason = [], reablement = []] = await runDocQueries(out('doc.parquet'));
    const count = (type: string) => fixture.events.filter((e) => e.type === type).length;
    const sum = (rows: Record<string, unknown>[], column: string) =>
      rows.reduce((total, row) => total + Number(row[column]), 0);
    const readySpells = new Set(
      fixture.events.flatMap((e) =>
        e.type === 'DischargeReadyDeclared' ? [`${e.personKey} ${e.payload.spellId}`] : [],
      ),
    );
    expect(sum(weekly, 'ready_spells')).toBe(readySpells.size);
    expect(sum(weekly, 'within_48h')).toBeLessThanOrEqual(sum(weekly, 'ready_spells'));
    expect(sum(byReason, 'declarations')).toBe(count('DischargeReadyDeclared'));
    expect(sum(reablement, 'episodes')).toBe(count('ReablementEnded'));
    expect(count('ReablementEnded')).toBeGreaterThan(0);
  });

  it('--from/--to keep the events that occurred in the range (inclusive)', () => {
    const from = new Date('2025-03-02T00:00:00Z');
    const to = new Date('2025-03-04T00:00:00Z');
    const expected = fixture.events.filter((e) => e.occurredAt >= from && e.occurredAt <= to).length;
    const result = fixture.homefirst(
      [
        'export',
        'events',
        '--format',
        'csv',
        '--from',
        from.toISOString(),
        '--to',
        to.toISOString(),
        '--out',
        out('range.csv'),
        '--json',
      ],
      ACTOR,
    );
    expect(summaryOf(result).rows).toBe(expected);
    expect(parse(readFileSync(out('range.csv')), { columns: true })).toHaveLength(expected);
  });
});

describe('homefirst export events --pseudonymise, and its audit record', () => {
  it('a pseudonymised export holds no NHS number in any value (ndjson, csv, parquet); two recipient keys do not join', async () => {
    writeFileSync(out('a.key'), `${'a1'.repeat(32)}\n`);
    writeFileSync(out('b.key'), `${'b2'.repeat(32)}\n`);
    const sourceNumbers = new Set([...textsOf(fixture.events)].flatMap(nhsNumbersIn));
    expect(sourceNumbers.size).toBeGreaterThan(0);
    const pseudonymised = (format: string, key: string, name: string) =>
      summaryOf(
        fixture.homefirst(
          [
            'export',
            'events',
            '--format',
            format,
            '--pseudonymise',
            '--pseudonym-key-file',
            out(key),
            '--recipient',
            key,
            '--out',
            out(name),
            '--json',
          ],
          ACTOR,
        ),
      );
    for (const format of ['ndjson', 'csv', 'parquet']) {
      pseudonymised(format, 'a.key', `pseudo.${format}`);
      const values =
        format === 'parquet'
          ? [
              ...textsOf((await readWithHyparquet(out('pseudo.parquet'))).rows),
              ...textsOf((await readWithDuckDb(out('pseudo.parquet'))).rows),
            ]
          : [readFileSync(out(`pseudo.${format}`), 'utf8')];
      expect([format, values.flatMap(nhsNumbersIn)]).toEqual([format, []]);
      const all = values.join('\n');
      expect([format, [...sourceNumbers].filter((n) => all.includes(n))]).toEqual([format, []]);
    }
    pseudonymised('parquet', 'b.key', 'pseudo-b.parquet');
    const keys = async (name: string) =>
      new Set(
        (await readWithDuckDb(out(name), 'SELECT DISTINCT personKey FROM export')).rows.map(
          (r) => r.personKey,
        ),
      );
    const a = await keys('pseudo.parquet');
    const b = await keys('pseudo-b.parquet');
    const original = new Set(fixture.events.map((e) => ('personKey' in e ? e.personKey : null)));
    expect(a.size).toBe(original.size);
    expect([...a].filter((k) => b.has(k) || original.has(k as string))).toEqual([]);
  }, 240_000);

  it('writes who exported what to the audit topic', async () => {
    const summary = summaryOf(
      fixture.homefirst(
        [
          'export',
          'events',
          '--format',
          'csv',
          '--topic',
          'hospital',
          '--types',
          'PatientAdmitted',
          '--pseudonymise',
          '--recipient',
          'bi-team',
          '--out',
          out('audited.csv'),
          '--json',
        ],
        ACTOR,
      ),
    );
    const codec = createCodec(fixture.stack.config, fixture.stack.prefix);
    const reader = readHistory(fixture.stack.kafka, {
      topics: [fixture.stack.topic('homefirst.audit.v1')],
      logger: fixture.stack.logger,
    });
    await reader.start();
    const audits: EventsExportedEvent[] = [];
    try {
      for await (const batch of reader)
        for (const record of batch.records) {
          const { event } = await codec.decodeAny(record.value as Buffer);
          if (event.type === 'EventsExported') audits.push(event);
        }
    } finally {
      await reader.close();
    }
    const audit = audits.find((e) => e.eventId === summary.auditEventId);
    expect(audit?.payload).toEqual({
      actorId: 'analyst-int',
      recipient: 'bi-team',
      topics: [fixture.stack.topic('homefirst.hospital.events.v1')],
      fromTime: null,
      toTime: null,
      types: ['PatientAdmitted'],
      format: 'csv',
      pseudonymised: true,
      rows: fixture.events.filter((e) => e.type === 'PatientAdmitted').length,
      outName: 'audited.csv',
    });
    expect(audits.length).toBeGreaterThanOrEqual(5);
  });
});

describe('homefirst export events refuses bad input', () => {
  it.each([
    ['an unknown topic', ['--topic', 'wards'], {}, /^homefirst: --topic wards is not a topic/],
    ['a bad time', ['--from', 'monday'], {}, /^homefirst: --from must be an ISO 8601 instant/],
    [
      '--from after --to',
      ['--from', '2025-03-05T00:00:00Z', '--to', '2025-03-01T00:00:00Z'],
      {},
      /^homefirst: --from .* is after --to/,
    ],
    [
      'an unreadable key file',
      ['--pseudonymise', '--pseudonym-key-file', '/nonexistent/k'],
      {},
      /^homefirst: --pseudonym-key-file .* cannot be read \(ENOENT\)$/,
    ],
    [
      'an --out folder that does not exist',
      ['--out', '/nonexistent/folder/x.csv'],
      {},
      /^homefirst: --out: the folder \/nonexistent\/folder does not exist or cannot be written$/,
    ],
    [
      'a broker that is down',
      [],
      { HOMEFIRST_KAFKA_BROKERS: '127.0.0.1:9' },
      /^homefirst: Kafka could not be read/,
    ],
  ])('%s: one clear line, exit 1, no file', (_what, args, env, message) => {
    const result = fixture.homefirst(
      ['export', 'events', '--format', 'csv', '--out', out('refused.csv'), ...args],
      env,
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(() => readFileSync(out('refused.csv'))).toThrow();
  });
});
