import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import { mapCommand } from './commands/map-command';
import { errorReportPathOf } from './csv/error-report';
import { ingestCsvFile } from './csv/file-ingest';
import { buildRecordsApp, RECORDS_PATH } from './http/server';
import { BUILT_IN_MAPPINGS_DIR, detectMapping, loadNamedMapping } from './mapping-files/load';
import { CouncilIngest } from './pipeline/council-ingest';
import { MemoryOrderStore } from './pipeline/order-store';
import { margaretJourney } from './testing/corpus';
import { CANONICAL_HEADER } from './testing/generate';
import { CapturingPublisher, TEST_SECRET } from './testing/memory';
import { useTempDirPerTest } from './testing/temp-dir';
import { MemoryMessageDedupe } from '@homefirst/runtime';

/**
 * Issue #12: every council rejection path — REST problem+json and results, the CSV error report, the
 * feed checker's stdout and stderr, and the logs — names fields and rules, never a value. Inputs are
 * laced with a known name and a valid NHS number in every place a value can go (record ids, keys,
 * codes, dates, broken JSON, broken CSV), and none of what comes back may contain either.
 */
const NAME = 'THOMPSON';
const NHS_NUMBER = '9434765919';
const LACE = `${NAME} ${NHS_NUMBER}`;
const TOKEN = 'liverpool-token-0123456789';
const [referral] = margaretJourney;

const expectClean = (text: string): void => {
  expect(text).not.toContain(NAME);
  expect(text).not.toContain(NHS_NUMBER);
};

/** Log lines (debug and up) as one text: the council logs rejections at info (REST) and debug (files). */
function capturedLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    logger: createLogger({ name: 'council-test', level: 'debug' }, stream),
    text: () => lines.join(''),
  };
}

function ingestWith(logger: ReturnType<typeof createLogger>) {
  const publisher = new CapturingPublisher();
  const ingest = new CouncilIngest({
    publish: publisher.publish,
    dedupe: new MemoryMessageDedupe(),
    orderStore: new MemoryOrderStore(),
    personKeyOf: createPersonKeyer(TEST_SECRET),
    logger,
    clock: () => new Date('2025-07-01T12:00:00Z'),
  });
  return { ingest, publisher };
}

/** Records each rejected for a laced value, one field each. */
const lacedRecords: readonly unknown[] = [
  { ...referral, recordId: `${NAME}\n${NHS_NUMBER}` },
  { ...referral, recordId: 'R-2', nhsNumber: LACE },
  { ...referral, recordId: 'R-3', nhsNumber: '9434765918' },
  { ...referral, recordId: LACE, occurredAt: LACE },
  { ...referral, recordId: LACE, event: LACE },
  { ...referral, recordId: LACE, pathway: LACE },
  { ...referral, recordId: LACE, hospitalOdsCode: LACE },
  { ...referral, recordId: LACE, event: 'referral_cancelled', reasonCode: LACE },
  { ...referral, recordId: LACE, [NAME]: NHS_NUMBER, [NHS_NUMBER]: NAME },
  { ...referral, recordId: LACE, referralId: 'x'.repeat(101) },
  LACE,
  [NAME, NHS_NUMBER],
];

let dir: string;
useTempDirPerTest('council-no-patient-data-', (path) => {
  dir = path;
});

describe('no patient data in any council rejection', () => {
  it('REST: results, problem+json bodies and logs name fields and rules only', async () => {
    const logs = capturedLogs();
    const { ingest, publisher } = ingestWith(logs.logger);
    const app = buildRecordsApp({
      ingest,
      tokens: new Map([[TOKEN, 'E08000012']]),
      maxRecordsPerRequest: 100,
      mappingByName: (name) => loadNamedMapping(name, [BUILT_IN_MAPPINGS_DIR]),
      logger: logs.logger,
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const post = async (body: string, query = '') => {
        const response = await fetch(`${base}${RECORDS_PATH}${query}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body,
        });
        return {
          status: response.status,
          text: `${JSON.stringify([...response.headers])}${await response.text()}`,
        };
      };
      const answers = [
        await post(JSON.stringify(lacedRecords)), // all rejected: 422
        await post(JSON.stringify([referral, ...lacedRecords])), // mixed: 200 with results
        await post(`{"recordId": ${LACE}}`),
        await post(`{"recordId": "${LACE}"`),
        await post(`[${'['.repeat(40)}"${LACE}"${']'.repeat(40)}]`),
        await post(JSON.stringify([{ ...referral, councilCode: 'E09000001', recordId: LACE }])),
        await post(JSON.stringify({ records: LACE })),
        await post(
          JSON.stringify([{ 'Workflow Step': LACE, 'NHS No': LACE, 'Step Audit ID': LACE }]),
          '?mapping=las',
        ),
        await post(JSON.stringify([referral]), `?mapping=${NAME}`),
        await post(JSON.stringify([referral]), `?mapping=${NAME.toLowerCase()}`),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([
        422, 200, 400, 400, 400, 403, 400, 422, 400, 400,
      ]);
      for (const answer of answers) expectClean(answer.text);
      expect(publisher.deadLetters.length).toBeGreaterThan(0);
      expectClean(logs.text());
    } finally {
      await app.close();
    }
  });

  it('CSV ingest: the error report, the thrown header error and the logs name lines, fields and rules only', async () => {
    const logs = capturedLogs();
    const { ingest } = ingestWith(logs.logger);
    const good = `X-1,E08000012,,9990000018,referral_received,2025-01-06T09:00:00+00:00,1,,,,,,,RXN,,REF-1,,,,,,`;
    const rows = [
      good,
      `${LACE},E08000012,,${NHS_NUMBER}1,referral_received,2025-01-06T09:00:00+00:00,1,,,,,,,RXN,,REF-1,,,,,,`,
      `X-3,E08000012,${NAME},${NAME},${NHS_NUMBER},${NAME},${NHS_NUMBER},,,,,,,,,REF-1,,,,,,`,
      `X-4,E08000012,,9990000018,referral_cancelled,2025-01-06T09:00:00+00:00,,,,,,,,,,REF-1,,,,,${LACE},`,
      `${NAME},${NHS_NUMBER}`,
      `X-6,E08000012,,9990000018,referral_received,"${LACE}`,
    ];
    const file = join(dir, 'laced.csv');
    await writeFile(file, `${CANONICAL_HEADER}\n${rows.join('\n')}\n`);
    const summary = await ingestCsvFile({
      file,
      mappingFor: (header) => detectMapping(header, [BUILT_IN_MAPPINGS_DIR]),
      ingest,
      target: 'memory|',
      logger: logs.logger,
    });
    expect(summary).toMatchObject({ rows: 6, accepted: 1, rejected: 5 });
    expectClean(JSON.stringify(summary));
    expectClean(await readFile(errorReportPathOf(file), 'utf8'));

    const header = join(dir, 'laced-header.csv');
    await writeFile(header, `record_id,"${LACE}\n${NAME},${NHS_NUMBER}\n`);
    const failure: unknown = await ingestCsvFile({
      file: header,
      mappingFor: (cells) => detectMapping(cells, [BUILT_IN_MAPPINGS_DIR]),
      ingest,
      target: 'memory|',
      logger: logs.logger,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expectClean(JSON.stringify(failure) + String(failure));
    expectClean(logs.text());
  });

  it('feed checker: stdout and stderr name lines, fields and rules only', async () => {
    const files: Record<string, string> = {
      'records.json': JSON.stringify({ records: lacedRecords }),
      'broken.json': `{"records": [{"recordId": ${LACE}}]}`,
      'unterminated.json': `{"recordId": "${LACE}`,
      'deep.json': `${'['.repeat(5000)}"${LACE}"${']'.repeat(5000)}`,
      'rows.csv': `${CANONICAL_HEADER}\n${LACE},E08000012,,${NHS_NUMBER},${NAME},x,,,,,,,,,,REF-1,,,,,,\nX-2,"${LACE}\n`,
      'header.csv': `record_id,"${LACE}\n${NAME},${NHS_NUMBER}\n`,
      'other-shape.csv': `${NAME},${NHS_NUMBER}\n1,2\n`,
      'las-named.csv': `${CANONICAL_HEADER}\n${LACE},E08000012\n`,
    };
    for (const [name, content] of Object.entries(files)) {
      const file = join(dir, name);
      await writeFile(file, content);
      const printed: string[] = [];
      const code = await mapCommand(file, {
        ...(name === 'las-named.csv' && { mapping: 'las' }),
        env: {},
        stdout: (lines) => {
          printed.push(lines);
        },
        stderr: (line) => {
          printed.push(line);
        },
      });
      expect([name, code]).toEqual([name, name.startsWith('other') || name.startsWith('las') ? 2 : 1]);
      expectClean(printed.join('\n'));
    }
  });
});
