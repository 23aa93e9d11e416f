import { Writable } from 'node:stream';
import { ValidationError } from './errors';
import { childLogger, createLogger } from './logger';
import { NHS_NUMBER_MASK, REDACTED, maskLogLine, maskNhsNumbers } from './redaction';

/** A pino destination that keeps every line written to it. */
function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

// Valid NHS numbers (modulus 11), checked in nhs-number.test.ts.
const NHS_NUMBER = '9434765919';
const OTHER_NHS_NUMBER = '4010232137';
const patient = {
  nhsNumber: NHS_NUMBER,
  name: [{ family: 'Smith', given: ['Alice'] }],
  birthDate: '1937-03-14',
  address: { line: ['1 Acacia Avenue'], postalCode: 'LS1 4AB' },
};
const SECRETS = [
  NHS_NUMBER,
  OTHER_NHS_NUMBER,
  'Smith',
  'Alice',
  '1937-03-14',
  'Acacia',
  'LS1 4AB',
  '07700 900123',
];

function expectNoPatientData(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('createLogger', () => {
  it('writes JSON with level, time, service name and message', () => {
    const out = capture();
    createLogger({ name: 'mllp-listener', level: 'info' }, out.stream).info('listening');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', service: 'mllp-listener', msg: 'listening' });
    expect(typeof line?.time).toBe('string');
    expect(line?.pid).toBe(process.pid);
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createLogger({ name: 'x', level: 'warn' }, out.stream);
    logger.info('quiet');
    logger.warn('loud');
    expect(out.lines().map((line) => line.msg)).toEqual(['loud']);
  });

  it('redacts patient identifier keys at the top level and nested', () => {
    const out = capture();
    const logger = createLogger({ name: 'fhir' }, out.stream);
    logger.info({ nhsNumber: NHS_NUMBER, dob: '1937-03-14', mrn: 'RX1-778899' }, 'top level');
    logger.info({ patient }, 'one level down');
    logger.info({ bundle: { subject: patient, telecom: [{ value: '07700 900123' }] } }, 'two levels down');
    logger.info({ patients: [patient] }, 'in an array');

    const text = out.text();
    expectNoPatientData(text);
    expect(text).not.toContain('RX1-778899');
    const [top, one, two, array] = out.lines();
    expect(top).toMatchObject({ nhsNumber: REDACTED, dob: REDACTED, mrn: REDACTED });
    expect(one).toMatchObject({
      patient: { nhsNumber: REDACTED, name: REDACTED, birthDate: REDACTED, address: REDACTED },
    });
    expect(two).toMatchObject({ bundle: { subject: { nhsNumber: REDACTED }, telecom: REDACTED } });
    expect(array).toMatchObject({ patients: [{ nhsNumber: REDACTED, name: REDACTED }] });
  });

  it('does not change the caller’s object', () => {
    const logged = { patient: { ...patient } };
    createLogger({ name: 'x' }, capture().stream).info(logged, 'mutation check');
    expect(logged.patient.nhsNumber).toBe(NHS_NUMBER);
  });

  it('masks NHS numbers in messages, format arguments and unknown fields at any depth', () => {
    const out = capture();
    const logger = createLogger({ name: 'hl7v2' }, out.stream);
    logger.info(`received ADT^A01 for ${NHS_NUMBER}`);
    logger.info('merging %s into %s', NHS_NUMBER, '401 023 2137');
    logger.warn(
      { segment: `PID|1||${NHS_NUMBER}^^^NHS`, deep: { a: { b: { c: { d: `x-${OTHER_NHS_NUMBER}` } } } } },
      'bad segment',
    );
    logger.info({ identifier: 9434765919 }, 'as a number');

    const text = out.text();
    expectNoPatientData(text);
    const [message, formatted, fields, numeric] = out.lines();
    expect(message?.msg).toBe(`received ADT^A01 for ${NHS_NUMBER_MASK}`);
    expect(formatted?.msg).toBe(`merging ${NHS_NUMBER_MASK} into ${NHS_NUMBER_MASK}`);
    expect(fields).toMatchObject({
      segment: `PID|1||${NHS_NUMBER_MASK}^^^NHS`,
      deep: { a: { b: { c: { d: `x-${NHS_NUMBER_MASK}` } } } },
    });
    expect(numeric?.identifier).toBe(NHS_NUMBER_MASK);
  });

  it('masks NHS numbers in errors, their stacks and child bindings', () => {
    const out = capture();
    const logger = childLogger(createLogger({ name: 'x' }, out.stream), `msg-${NHS_NUMBER}`);
    const err = new ValidationError(`PID-3 ${OTHER_NHS_NUMBER} does not match`, [
      { path: 'PID-3', message: NHS_NUMBER },
    ]);
    logger.error({ err }, 'rejected');
    logger.error(err);

    expectNoPatientData(out.text());
    const [withKey, bare] = out.lines();
    expect(withKey).toMatchObject({
      correlationId: `msg-${NHS_NUMBER_MASK}`,
      err: { type: 'ValidationError', code: 'VALIDATION_FAILED' },
    });
    expect(bare?.msg).toBe(`PID-3 ${NHS_NUMBER_MASK} does not match`);
  });

  it('masks numbers written with Unicode spaces and numbers outside the issued ranges', () => {
    const out = capture();
    const logger = createLogger({ name: 'x' }, out.stream);
    logger.info('spaced 401\u00A0023\u00A02137 and thin 401\u2009023\u20092137');
    logger.info({ unissued: '0000000000', textbook: NHS_NUMBER }, 'well formed, not issued');
    const text = out.text();
    expect(text).not.toMatch(/401.?023.?2137/u);
    expect(text).not.toContain('0000000000');
    expectNoPatientData(text);
  });

  it('leaves other numbers alone', () => {
    const out = capture();
    createLogger({ name: 'x' }, out.stream).info(
      { offset: '1234567890', count: 1234567890, phoneLike: '0113 496 0000' },
      'ward 12, bed 3',
    );
    const [line] = out.lines();
    expect(line).toMatchObject({
      offset: '1234567890',
      count: 1234567890,
      phoneLike: '0113 496 0000',
      msg: 'ward 12, bed 3',
    });
  });
});

describe('createLogger: names, free text and raw bodies', () => {
  it('redacts names, dates of birth, contact details, free text and raw bodies by their keys', () => {
    const out = capture();
    const logger = createLogger({ name: 'edge' }, out.stream);
    logger.warn(
      {
        surname: 'Smith',
        forename: 'Alice',
        patient: { firstName: 'Alice', lastName: 'Smith', dateOfBirth: '1937-03-14', email: 'a@x.uk' },
        outcome: { issue: [{ severity: 'error', diagnostics: 'Unexpected token S in "Smith"' }] },
        referral: { note: 'Alice Smith lives alone', comments: ['fell at home'], text: 'Alice Smith' },
        body: 'MSH|^~\\&|...PID|1||^^^^NH||SMITH^ALICE',
        row: { familyName: 'Smith', line: 'Smith,Alice' },
        record: { recordId: 'r-1', givenName: 'Alice' },
      },
      'rejected input',
    );
    const text = out.text();
    expectNoPatientData(text);
    expect(text).not.toMatch(/fell at home|lives alone|SMITH/);
    const [line] = out.lines();
    expect(line).toMatchObject({
      surname: REDACTED,
      forename: REDACTED,
      patient: { firstName: REDACTED, lastName: REDACTED, dateOfBirth: REDACTED, email: REDACTED },
      outcome: { issue: [{ severity: 'error' }] },
      referral: { note: REDACTED, comments: REDACTED, text: REDACTED },
      body: REDACTED,
      row: REDACTED,
      record: REDACTED,
    });
  });

  it('redacts free text nested in arrays of objects (OperationOutcome issues)', () => {
    const out = capture();
    createLogger({ name: 'fhir' }, out.stream).info(
      { issue: [{ diagnostics: 'body quoted: Alice Smith' }] },
      'outcome',
    );
    expect(out.text()).not.toContain('Alice');
  });
});

describe('childLogger', () => {
  it('adds the correlation id to every line', () => {
    const out = capture();
    const child = childLogger(createLogger({ name: 'projector' }, out.stream), 'corr-123');
    child.info('one');
    child.warn('two');
    expect(out.lines().map((line) => line.correlationId)).toEqual(['corr-123', 'corr-123']);
  });
});

describe('maskNhsNumbers', () => {
  it('masks valid numbers written plain, spaced or hyphenated', () => {
    expect(maskNhsNumbers('a 9434765919 b 943 476 5919 c 943-476-5919')).toBe(
      'a [NHS-NUMBER] b [NHS-NUMBER] c [NHS-NUMBER]',
    );
  });

  it('keeps numbers that fail the check or are part of a longer run', () => {
    expect(maskNhsNumbers('9434765918 and 19434765919 and 94347659190')).toBe(
      '9434765918 and 19434765919 and 94347659190',
    );
  });
});

describe('maskLogLine', () => {
  it('returns a line without NHS numbers unchanged', () => {
    const line = '{"level":"info","time":"2025-01-01T00:00:00.000Z","msg":"ok 1234567890"}\n';
    expect(maskLogLine(line)).toBe(line);
  });

  it('keeps a masked line valid JSON with its newline', () => {
    const masked = maskLogLine(`{"n":${NHS_NUMBER},"s":"${NHS_NUMBER}"}\n`);
    expect(masked.endsWith('\n')).toBe(true);
    expect(JSON.parse(masked)).toEqual({ n: NHS_NUMBER_MASK, s: NHS_NUMBER_MASK });
  });

  it('masks even a line that is not JSON', () => {
    expect(maskLogLine(`not json ${NHS_NUMBER}`)).toBe(`not json ${NHS_NUMBER_MASK}`);
  });
});

describe('logger redaction of contract v3 identifiers', () => {
  it("redacts the council's own person id by its keys (contract v3 councilPersonId, the record's laPersonId)", () => {
    const out = capture();
    const logger = createLogger({ name: 'council' }, out.stream);
    logger.info({ payload: { councilPersonId: 'LAS-P-55123' } }, 'an event');
    logger.info(
      { councilPersonId: 'LAS-P-55123', laPersonId: 'LAS-P-55123', la_person_id: 'LAS-P-55123' },
      'top',
    );
    expect(out.text()).not.toContain('LAS-P-55123');
    expect(out.lines()[1]).toMatchObject({
      councilPersonId: REDACTED,
      laPersonId: REDACTED,
      la_person_id: REDACTED,
    });
  });
});
