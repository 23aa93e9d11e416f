import { startHarness, TOKENS, type Harness } from '../../connectors/fhir/src/testing/stack-harness';
import { variant } from '../../connectors/fhir/src/testing/corpus';
import { LACED, LACED_TEXT, capturedLogger, nested, patientDataIn } from '../support/patient-data';

// No patient data in any rejection (issue #12 item 6), FHIR edge, in process on the real stack: inputs
// laced with a known name and NHS number through each way the endpoint refuses them — the OperationOutcome
// and every log line — and neither the name nor the number comes back. (HL7: no-patient-data.int.test.ts;
// council: no-patient-data-council.int.test.ts.)

const { family, given, nhsNumber } = LACED;

/** The corpus admission about the laced person, then edited. */
const laced = (edit: (json: Record<string, unknown>) => void = () => undefined): Buffer =>
  variant('encounter-admitted', (json) => {
    json.subject = {
      identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber },
      display: `${given} ${family}`,
    };
    edit(json);
  });
const withNhsNumber = (value: string) =>
  laced((json) => ((json.subject as { identifier: { value: string } }).identifier.value = value));
const cutShort = laced()
  .toString('utf8')
  .slice(0, laced().indexOf(family) + 4);

interface Case {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly body: string | Buffer;
  readonly contentType?: string;
}

const CASES: ReadonlyArray<readonly [string, Case]> = [
  ['JSON cut short inside the name', { method: 'POST', path: '/Encounter', body: cutShort }],
  [
    'JSON with a stray token after the name',
    {
      method: 'POST',
      path: '/Encounter',
      body: `{"resourceType":"Encounter","note":"${LACED_TEXT}" ${family}}`,
    },
  ],
  [
    'resourceType holding the person',
    { method: 'POST', path: '/Encounter', body: JSON.stringify({ resourceType: LACED_TEXT }) },
  ],
  [
    'resourceType of the base holding the name',
    { method: 'POST', path: '', body: JSON.stringify({ resourceType: family, id: nhsNumber }) },
  ],
  [
    'NHS number written with the name',
    { method: 'POST', path: '/Encounter', body: withNhsNumber(`${family} ${nhsNumber}`) },
  ],
  [
    'NHS number with no-break spaces',
    { method: 'POST', path: '/Encounter', body: withNhsNumber('999\u00a0000\u00a00018') },
  ],
  [
    'status holding the person',
    { method: 'POST', path: '/Encounter', body: laced((j) => (j.status = LACED_TEXT)) },
  ],
  [
    'period.start holding the person',
    { method: 'POST', path: '/Encounter', body: laced((j) => (j.period = { start: LACED_TEXT })) },
  ],
  [
    'an id differing from the URL, both holding the person',
    {
      method: 'PUT',
      path: `/Encounter/${family}-${nhsNumber}`,
      body: laced((j) => (j.id = `${given}-${nhsNumber}`)),
    },
  ],
  [
    'a subject reference holding the person',
    {
      method: 'POST',
      path: '/Encounter',
      body: laced((j) => (j.subject = { reference: `Patient/${family}-${nhsNumber}`, display: LACED_TEXT })),
    },
  ],
  [
    'JSON nested 5,000 deep around the person',
    {
      method: 'POST',
      path: '/Encounter',
      body: `{"resourceType":"Encounter","x":${nested(5000, JSON.stringify(LACED_TEXT))}}`,
    },
  ],
  ['a body that is not JSON', { method: 'POST', path: '/Encounter', body: `${LACED_TEXT} was admitted` }],
  [
    'a body of the wrong media type',
    {
      method: 'POST',
      path: '/Encounter',
      body: `<Patient><name>${family}</name></Patient>`,
      contentType: 'application/xml',
    },
  ],
];

describe('FHIR: no patient data in any rejection', () => {
  const log = capturedLogger('fhir-no-patient-data');
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ logger: log.logger, partitions: 1 });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const send = async ({ method, path, body, contentType }: Case) => {
    const response = await fetch(`${harness.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKENS.REM}`,
        'content-type': contentType ?? 'application/fhir+json',
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  };

  it('given the admission of the laced person, then it is accepted (the cases below differ by one thing)', async () => {
    expect((await send({ method: 'POST', path: '/Encounter', body: laced() })).status).toBe(201);
  });

  it.each(CASES)(
    'given %s, when sent, then 4xx and the OperationOutcome names neither',
    async (_what, request) => {
      const { status, text } = await send(request);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(text).toContain('OperationOutcome');
      expect(patientDataIn(text)).toEqual([]);
    },
  );

  it('then no log line names the person', () => {
    expect(log.text()).toContain('FHIR message refused');
    expect(patientDataIn(log.text())).toEqual([]);
  });
});
