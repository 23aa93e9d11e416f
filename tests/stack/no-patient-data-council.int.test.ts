import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RECORDS_PATH } from '../../connectors/council/src/http/server';
import { BUILT_IN_MAPPINGS_DIR, detectMapping } from '../../connectors/council/src/mapping-files/load';
import { errorReportPathOf } from '../../connectors/council/src/csv/error-report';
import { ingestCsvFile } from '../../connectors/council/src/csv/file-ingest';
import { COUNCILS, lasCsv, margaretJourney } from '../../connectors/council/src/testing/corpus';
import { CouncilEdge } from '../../connectors/council/src/testing/edge';
import { useTempDirPerSuite } from '../../connectors/council/src/testing/temp-dir';
import { LACED, LACED_TEXT, capturedLogger, nested, patientDataIn } from '../support/patient-data';

// No patient data in any rejection (issue #12 item 6), council edges, in process on the real stack:
// records and CSV exports laced with a known name and NHS number through each way the edge refuses them —
// the problem+json body, the per-record rejection, the CSV error report and a refused file, the dead
// letter's reason, and every log line — and neither the name nor the number comes back.

const { family, nhsNumber } = LACED;
const referral = margaretJourney[0];
const record = (changes: Record<string, unknown>): unknown => ({ ...referral, nhsNumber, ...changes });

const BAD_BODIES: ReadonlyArray<readonly [string, string]> = [
  ['JSON cut short inside the name', `{"records":[{"nhsNumber":"${nhsNumber}","familyName":"${family}`],
  ['JSON with a stray token after the name', `{"records":[{"notes":"${LACED_TEXT}" ${family}}]}`],
  ['JSON nested 5,000 deep around the person', `{"records":${nested(5000, JSON.stringify(LACED_TEXT))}}`],
  ['JSON after a byte-order mark, cut short', `\ufeff{"nhsNumber":"${nhsNumber}","note":"${family}`],
  ['a body that is not a record', JSON.stringify(LACED_TEXT)],
];

const BAD_RECORDS: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['an NHS number written with the name', { nhsNumber: `${family} ${nhsNumber}` }],
  ['an NHS number with no-break spaces', { nhsNumber: '999\u00a0000\u00a00018' }],
  ['a record id holding the person', { recordId: `${family}-${nhsNumber}`, event: 'no_such_event' }],
  ['an event holding the person', { event: LACED_TEXT }],
  ['a date holding the person', { occurredAt: LACED_TEXT }],
  ['a council code holding the name', { councilCode: family }],
  ['a pathway holding the person', { pathway: LACED_TEXT }],
];

/** LAS export rows (mappings/las.json) laced with the person, each invalid. */
const LACED_ROWS = [
  `A-9001,E08000012,P-${family},${family} ${nhsNumber},REF-X,,Referral Received,06/01/2025 10:00,Pathway 2,,,,,,,REM,,,,,`,
  `A-9002,E08000012,P100234,${nhsNumber},REF-X,,${LACED_TEXT},06/01/2025 10:00,,,,,,,,,,,,,`,
  `A-9003,E08000012,P100234,${nhsNumber},REF-X,,Referral Received,${LACED_TEXT},Pathway 2,,,,,,,REM,,,,,`,
  `A-9004,E08000012,P100234,${nhsNumber},REF-X,,Referral Received,06/01/2025 10:00,${family},,,,,,,REM,,,,,`,
];

describe('council: no patient data in any rejection', () => {
  const log = capturedLogger('council-no-patient-data');
  const TOKEN = 'no-patient-data-council-token-0001';
  const edge = new CouncilEdge('nopd-council', {
    tokens: new Map([[TOKEN, COUNCILS.liverpool]]),
    logger: log.logger,
  });
  beforeAll(() => edge.start());
  afterAll(() => edge.stop());
  let dir: string;
  useTempDirPerSuite('nopd-council-', (made) => (dir = made));

  const post = async (body: string) => {
    const response = await fetch(`${edge.base}${RECORDS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body,
    });
    return { status: response.status, text: await response.text() };
  };
  const ingestFile = (file: string) =>
    ingestCsvFile({
      file,
      mappingFor: (columns) => detectMapping(columns, [BUILT_IN_MAPPINGS_DIR]),
      ingest: edge.runtime.fileIngest,
      target: edge.runtime.target,
      logger: log.logger,
    });

  it.each(BAD_BODIES)('given %s, when posted, then 4xx problem+json naming neither', async (_what, body) => {
    const { status, text } = await post(body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(patientDataIn(text)).toEqual([]);
  });

  it.each(BAD_RECORDS)(
    'given a record with %s, when posted, then it is refused without naming the person',
    async (_what, changes) => {
      const { status, text } = await post(JSON.stringify({ records: [record(changes)] }));
      expect(status).toBeLessThan(500);
      if (status < 400) expect(text).toMatch(/rejected/); // else the request was refused as a whole (e.g. 403)
      expect(patientDataIn(text)).toEqual([]);
    },
  );

  it('given a CSV export with rows laced with the person, then the error report names neither', async () => {
    const [header = '', first = ''] = lasCsv.split('\r\n');
    const file = join(dir, 'laced-las.csv');
    await writeFile(file, [header, first, ...LACED_ROWS].join('\r\n'));
    const summary = await ingestFile(file);
    expect(summary.rejected).toBe(LACED_ROWS.length);
    const report = await readFile(errorReportPathOf(file), 'utf8');
    expect(report.trim().split('\n')).toHaveLength(LACED_ROWS.length);
    expect(patientDataIn(report)).toEqual([]);
  });

  it('given a CSV whose header has an unclosed quote around the person, then the refusal names neither', async () => {
    const file = join(dir, 'broken-header.csv');
    await writeFile(file, `Step Audit ID,"${LACED_TEXT},LA Code\r\nA-1,E08000012\r\n`);
    const failure = await ingestFile(file).then(
      () => '',
      (err: unknown) => (err instanceof Error ? `${err.message} ${String(err.cause)}` : String(err)),
    );
    const report = await readFile(errorReportPathOf(file), 'utf8').catch(() => '');
    expect(patientDataIn(`${failure}\n${report}`)).toEqual([]);
  });

  it('then no dead letter reason and no log line names the person', async () => {
    const deadLetters = await edge.stack.readAll('homefirst.deadletter.v1');
    expect(deadLetters.length).toBeGreaterThan(0);
    for (const { event } of deadLetters) {
      const { input: _input, ...withoutTheInput } = event.payload; // the input itself is kept, by design
      // source.messageId is the council's record id, kept so the council can find its record (as MSH-10
      // is for HL7): a record id laced with the person is checked only for not coming back in error text.
      const { messageId: _recordId, ...source } = event.source;
      expect(patientDataIn(JSON.stringify({ ...withoutTheInput, source }))).toEqual([]);
    }
    expect(log.text()).not.toBe('');
    expect(patientDataIn(log.text())).toEqual([]);
  });
});
