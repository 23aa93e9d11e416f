import { FhirValidationError, UnparseableError } from '../errors';
import { outcomeOf } from '../outcome/operation-outcome';
import { corpus, NHS, parse, variant } from '../testing/corpus';
import { refusalOf as refusal } from '../testing/refusal';
import { MAX_JSON_DEPTH, nestingDepthOf } from './json';
import { refusedMessageId } from './message-ids';
import { LIMITS } from './model';
import { targetOf } from './references';

// Issue 12: hostile input costs no more than reading it, and is refused with the element and the rule.

const withSubjectReference = (reference: string): Buffer =>
  variant('encounter-admitted', (json) => void (json.subject = { reference }));

describe('long references and identifiers', () => {
  it('given a 1 MB subject.reference, then 422 naming the element and the limit, well within a second', () => {
    const started = performance.now();
    const r = refusal(withSubjectReference('a'.repeat(1024 * 1024)));
    // Generous bound the issue asks for (before the fix: 80k characters took 20 s, 1 MB over a minute).
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.status).toBe(422);
    expect(r.paths).toEqual(['Encounter.subject.reference']);
    expect(r.codes).toEqual(['too-long']);
    expect(r.diagnostics[0]).toContain(`at most ${LIMITS.reference} characters`);
  });

  it('given a reference at the limit that resolves nowhere, then it is read in linear time (no backtracking)', () => {
    const started = performance.now();
    const r = refusal(withSubjectReference('a'.repeat(LIMITS.reference)));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.paths).toEqual(['Encounter.subject']); // no patient: the reference names nothing in the message
  });

  it.each([
    ['Encounter.id', (json: Record<string, unknown>) => void (json.id = 'x'.repeat(LIMITS.id + 1))],
    [
      'Encounter.subject.identifier.value',
      (json: Record<string, unknown>) =>
        void (json.subject = {
          identifier: { system: 'https://example.org/mrn', value: '1'.repeat(LIMITS.identifierValue + 1) },
        }),
    ],
    [
      'Encounter.identifier[0].value',
      (json: Record<string, unknown>) =>
        void (json.identifier = [{ value: 'S'.repeat(LIMITS.identifierValue + 1) }]),
    ],
  ])('given an over-long %s, then 422 at that element', (path, edit) => {
    const r = refusal(variant('encounter-admitted', edit));
    expect(r.status).toBe(422);
    expect(r.paths).toEqual([path]);
  });

  it('given an over-long Bundle.entry.fullUrl, then 422 at that entry', () => {
    const body = variant('transaction-two-admissions', (json) => {
      const [first] = json.entry as Array<{ fullUrl: string }>;
      if (first) first.fullUrl = `urn:uuid:${'0'.repeat(LIMITS.reference)}`;
    });
    expect(refusal(body).paths).toEqual(['Bundle.entry[0].fullUrl']);
  });
});

describe('references read without patterns', () => {
  it.each([
    ['Patient/123', { type: 'Patient', id: '123' }],
    ['Patient/123/_history/2', { type: 'Patient', id: '123' }],
    ['https://fhir.trust.nhs.uk/R4/Patient/LUH-PT.1', { type: 'Patient', id: 'LUH-PT.1' }],
    ['https://fhir.trust.nhs.uk/R4/Encounter/E1/_history/7', { type: 'Encounter', id: 'E1' }],
  ])('%s → its type and id', (ref, target) => {
    expect(targetOf(ref)).toEqual(target);
  });

  it.each([
    '',
    'Patient',
    '/123',
    'Patient/',
    'Patient/has space',
    'Pat1ent/1',
    '#p1',
    'Patient/1/_history/',
  ])('%j → nothing', (ref) => {
    expect(targetOf(ref)).toBeNull();
  });

  it('given a 1 MB string, then nothing, at once', () => {
    const started = performance.now();
    expect(targetOf(`${'a'.repeat(1024 * 1024)}/Patient/1`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('nesting depth', () => {
  const nestedExtension = (depth: number): Buffer =>
    variant('encounter-admitted', (json) => {
      let ext: Record<string, unknown> = { url: 'https://example.org/leaf', valueString: 'x' };
      for (let i = 0; i < depth; i += 1) ext = { url: 'https://example.org/level', extension: [ext] };
      json.extension = [ext];
    });

  it('given extensions nested 1,000 deep, then 400 structure naming the limit (not a 500)', () => {
    const r = refusal(nestedExtension(1000));
    expect(r.err).toBeInstanceOf(UnparseableError);
    expect(r.status).toBe(400);
    expect(r.codes).toEqual(['structure']);
    expect(r.diagnostics[0]).toContain(`more than ${MAX_JSON_DEPTH} levels`);
  });

  it('given arrays nested 1,000,000 deep, then 400 quickly, and the dead-letter id is the hash of the bytes', () => {
    const body = Buffer.from(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    const started = performance.now();
    expect(refusal(body).status).toBe(400);
    expect(refusedMessageId(body)).toMatch(/^sha256-/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('given extensions nested a little (10 levels), then they are read as before', () => {
    expect(parse(nestedExtension(10)).units).toHaveLength(1);
  });

  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(nestingDepthOf('{"a":[{"b":"[[[{{{"}]}', 100)).toBe(3);
    expect(nestingDepthOf('{"a":"\\"[[[["}', 100)).toBe(1);
    expect(nestingDepthOf('[[[[[[', 3)).toBe(4); // stops once past the limit
  });
});

describe('byte-order mark', () => {
  it('given JSON starting with a UTF-8 BOM, then it is read as without', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), corpus('encounter-admitted')]);
    expect(parse(body).units[0]?.identity.nhsNumber).toBe(NHS.margaretJones);
  });
});

describe('error text never quotes the body', () => {
  const NAME = 'Ermintrude THOMPSON';
  const NUMBER = '9434765919';

  it.each([
    ['bad JSON', `{"resourceType":"Encounter","name":"${NAME} ${NUMBER}",}`],
    ['bad JSON early', `${NAME} ${NUMBER}`],
    ['a resourceType that is not one', JSON.stringify({ resourceType: `${NAME} ${NUMBER}` })],
  ])('given %s, then neither the name nor the NHS number is in the OperationOutcome', (_what, text) => {
    const { outcome } = outcomeOf(captured(() => parse(Buffer.from(text))));
    const shown = JSON.stringify(outcome);
    expect(shown).not.toContain('THOMPSON');
    expect(shown).not.toContain(NUMBER);
    expect(outcome.issue[0]?.diagnostics).toMatch(/^(The body is not valid JSON|resourceType is not)/);
  });

  it('given an invalid NHS number, then the refusal names the element only', () => {
    const err = captured(() =>
      parse(
        variant('encounter-admitted', (json) => {
          json.subject = { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765918' } };
        }),
      ),
    );
    expect(err).toBeInstanceOf(FhirValidationError);
    expect(JSON.stringify(outcomeOf(err).outcome)).not.toContain('9434765918');
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}
