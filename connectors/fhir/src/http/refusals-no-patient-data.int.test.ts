import { createLogger } from '@homefirst/runtime';
import { variant } from '../testing/corpus';
import { startHarness, type Harness } from '../testing/stack-harness';

// Issue 12: every refusal the FHIR edge can give — bad JSON, wrong resourceType, invalid fields, too deep,
// too long, wrong media type, unknown path, id mismatch, unmergeable Patient — names the element and the
// rule, never the patient. A body laced with a name and an NHS number goes through each; neither appears in
// any response or in any line the connector logs (pino output captured at the logger's destination).

const NAME = 'Ermintrude THOMPSON';
const NHS_NUMBER = '9434765919';
const LACE = `${NAME} ${NHS_NUMBER}`;

const logLines: string[] = [];
let harness: Harness;

beforeAll(async () => {
  const logger = createLogger(
    { name: 'fhir-test', level: 'trace' },
    { write: (line: string) => void logLines.push(line) },
  );
  harness = await startHarness({ logger, maxBodyBytes: 2 * 1024 * 1024 });
});

afterAll(async () => {
  await harness?.close();
});

const laced = (edit: (json: Record<string, unknown>) => void): Buffer => variant('encounter-admitted', edit);

/** Deeply nested JSON with the patient in the middle. */
const deep = (depth: number): string => `${'{"extension":['.repeat(depth)}"${LACE}"${']}'.repeat(depth)}`;

interface Refusal {
  readonly what: string;
  readonly method: string;
  readonly path: string;
  readonly body: string | Buffer;
  readonly status: number;
  readonly contentType?: string;
}

const refusal = (
  what: string,
  method: string,
  path: string,
  body: string | Buffer,
  status: number,
  contentType?: string,
): Refusal => ({ what, method, path, body, status, ...(contentType !== undefined && { contentType }) });

const REFUSALS: readonly Refusal[] = [
  refusal('bad JSON', 'POST', '/Encounter', `{"resourceType":"Encounter","note":"${LACE}",`, 400),
  refusal('not JSON at all', 'POST', '/Encounter', LACE, 400),
  refusal('a resourceType holding the patient', 'POST', '', JSON.stringify({ resourceType: LACE }), 400),
  refusal(
    'a resourceType the endpoint does not take',
    'POST',
    '/Encounter',
    JSON.stringify({ resourceType: 'Patient', name: [{ text: NAME }] }),
    400,
  ),
  refusal(
    'an invalid status',
    'POST',
    '/Encounter',
    laced((json) => void (json.status = LACE)),
    422,
  ),
  refusal(
    'an invalid NHS number',
    'POST',
    '/Encounter',
    laced(
      (json) =>
        void (json.subject = {
          identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: `${NHS_NUMBER}0`, display: NAME },
        }),
    ),
    422,
  ),
  refusal(
    'an invalid admission time',
    'POST',
    '/Encounter',
    laced((json) => void (json.period = { start: LACE })),
    422,
  ),
  refusal(
    'an id holding the patient',
    'POST',
    '/Encounter',
    laced((json) => void (json.id = LACE)),
    422,
  ),
  refusal(
    'an over-long reference',
    'POST',
    '/Encounter',
    laced((json) => void (json.subject = { reference: LACE.repeat(40_000) })),
    422,
  ),
  refusal(
    'an over-long identifier',
    'POST',
    '/Encounter',
    laced((json) => void (json.subject = { identifier: { value: LACE.repeat(100) } })),
    422,
  ),
  refusal('nesting too deep', 'POST', '/Encounter', deep(1000), 400),
  refusal(
    'an update whose id differs',
    'PUT',
    `/Encounter/${NHS_NUMBER}`,
    laced(() => undefined),
    400,
  ),
  refusal(
    'a media type holding the patient',
    'POST',
    '/Encounter',
    laced(() => undefined),
    415,
    `text/${NHS_NUMBER}`,
  ),
  refusal(
    'a path holding the patient',
    'POST',
    `/Patient/${NHS_NUMBER}/${encodeURIComponent(NAME)}`,
    laced(() => undefined),
    404,
  ),
  refusal(
    'a Patient merged into itself',
    'POST',
    '/Patient',
    JSON.stringify({
      resourceType: 'Patient',
      name: [{ text: NAME }],
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS_NUMBER }],
      link: [
        {
          type: 'replaces',
          other: {
            display: NAME,
            identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS_NUMBER },
          },
        },
      ],
    }),
    422,
  ),
  refusal(
    'a message with no id',
    'POST',
    '/$process-message',
    JSON.stringify({
      resourceType: 'Bundle',
      type: 'message',
      identifier: { value: LACE },
      entry: [{ resource: { resourceType: 'Patient', name: [{ text: NAME }] } }],
    }),
    422,
  ),
];

describe('refusals never show patient data', () => {
  it.each(REFUSALS)(
    'given $what, then the refusal names the rule only',
    async ({ method, path, body, status, contentType }) => {
      const response = await harness.send(
        method,
        path,
        body,
        contentType === undefined ? {} : { contentType },
      );
      expect(response.status).toBe(status);
      expect(response.json).toMatchObject({ resourceType: 'OperationOutcome' });
      const shown = JSON.stringify(response.json);
      expect(shown).not.toContain('THOMPSON');
      expect(shown).not.toContain('Ermintrude');
      expect(shown).not.toContain(NHS_NUMBER);
    },
  );

  it('and the connector logged each refusal without the name or the NHS number', () => {
    const refused = logLines.filter((line) => line.includes('FHIR message refused'));
    expect(refused.length).toBeGreaterThanOrEqual(REFUSALS.length - 2); // 404 and 415 are answered by the edge
    const all = logLines.join('\n');
    expect(all).not.toContain('THOMPSON');
    expect(all).not.toContain('Ermintrude');
    expect(all).not.toContain(NHS_NUMBER);
  });
});
