import { NHS_NUMBER_POLICY_ISSUED_ONLY } from '@homefirst/schemas';
import { checkFeed } from '../feed-check';
import { formatLocation } from '../hl7/errors';
import { onTheWire } from '../testing/corpus';
import { given } from '../testing/scenario';

// Malformed codes and identifiers are rejected with the field and the rule, or read as "not known" —
// never reinterpreted — and nothing the sender wrote in a rejected field comes back in the ACK.

const discharge = (from: string, to: string) => onTheWire('a03-discharge-home.hl7').replace(from, to);
const admission = (from: string, to: string) => onTheWire('a01-emergency-admission.hl7').replace(from, to);
const PV1_36_37 = '|1|19|';

async function ackOf(message: string): Promise<string> {
  return (await given().pipeline.handleFrame(Buffer.from(message, 'utf8'))).toString('utf8');
}

describe('discharge destination codes', () => {
  it.each(['179', 'X79', '7', '79.0', '1 9'])(
    'given PV1-37 %j (malformed), when handled, then AE naming PV1-37 and no PatientDied',
    async (code) => {
      const hub = given();
      const result = await hub.when(discharge(PV1_36_37, `|1|${code}|`));
      expect(result.ack.code).toBe('AE');
      expect(result.ack.error?.location && formatLocation(result.ack.error.location)).toBe('PV1-37');
      expect(result.ack.text).toContain('two-digit national code');
      expect(result.ack.text).not.toContain(`${code})`);
      expect(result.ack.text).not.toContain(` ${code} `);
      expect(hub.hospitalEvents()).toEqual([]);
    },
  );

  it.each([
    ['|1|079|', 'DD79_DIED', true],
    ['|1|77|', 'DD99_NOT_KNOWN', false],
    ['|179||', 'DD99_NOT_KNOWN', false], // a local PV1-36 code, not read as a destination
    ['|X79||', 'DD99_NOT_KNOWN', false],
    ['|54||', 'DD54_NHS_CARE_HOME', false], // a national code sent in PV1-36, as some UK feeds do
  ])('given PV1-36|37 %s, then the destination is %s', async (fields, destination, died) => {
    const result = await given().when(discharge(PV1_36_37, fields));
    expect(result.ack.code).toBe('AA');
    expect(result.events[0]).toMatchObject({ type: 'PatientDischarged', payload: { destination } });
    expect(result.events.some((event) => event.type === 'PatientDied')).toBe(died);
  });
});

describe('patient class and admission method', () => {
  it.each([
    ['|I|', 'INPATIENT'],
    ['|ZZ|', 'UNKNOWN'],
    ['|THOMPSON|', 'UNKNOWN'],
  ])('given PV1-2 %s, then the class is %s (an unlisted code is not known, not OTHER)', async (from, cls) => {
    const result = await given().when(admission('PV1|1|I|', `PV1|1${from}`));
    expect(result.events[0]?.payload).toMatchObject({ patientClass: cls });
  });

  it.each([
    ['21', '21'],
    ['2a', '2A'],
    ['E', null],
    ['THOMPSON 9434765919', null],
    ['219', null],
  ])('given PV1-4 %j, then the admission method code is %p', async (code, expected) => {
    const result = await given().when(
      admission('ROYAL PRESTON HOSPITAL|21|', `ROYAL PRESTON HOSPITAL|${code}|`),
    );
    expect(result.ack.code).toBe('AA');
    expect(result.events[0]?.payload).toMatchObject({ admissionMethodCode: expected });
  });
});

describe('NHS numbers', () => {
  const withNhsNumber = (written: string) => admission('9991234012^^^NHS^NH', `${written}^^^NHS^NH`);

  it.each([
    ['0000000000', 'outside the ranges issued'],
    ['9434765919', 'outside the ranges issued'],
    ['999\\XA0\\123\\XA0\\4012', 'not ten digits'],
    ['999\\XE28089\\123\\XE28089\\4012', 'not ten digits'],
    ['9991234013', 'modulus-11'],
  ])(
    'given PID-3 %j, when handled, then AE naming PID-3 and the rule, not the value',
    async (written, rule) => {
      const result = await given().when(withNhsNumber(written));
      expect(result.ack.code).toBe('AE');
      expect(result.ack.text).toContain('PID-3');
      expect(result.ack.text).toContain(rule);
      expect(result.ack.text).not.toMatch(/\d{6}/);
    },
  );

  it('given a 999 test number where test numbers are not accepted, then AE saying so', async () => {
    const hub = given({ settings: { nhsNumbers: NHS_NUMBER_POLICY_ISSUED_ONLY } });
    const result = await hub.when(onTheWire('a01-emergency-admission.hl7'));
    expect(result.ack.code).toBe('AE');
    expect(result.ack.text).toContain('test number');
  });

  it('given "999 123 4012" written 3-3-4 with ASCII spaces, then it is taken', async () => {
    const result = await given().when(withNhsNumber('999 123 4012'));
    expect(result.ack.code).toBe('AA');
  });
});

describe('identifiers never carry control characters', () => {
  it.each([
    ['PV1-19', 'V000123^', 'V000\\X00\\123^'],
    ['PV1-19', 'V000123^', 'V000\\XE2808B\\123^'], // zero-width space
    ['PID-3.1', '~RXN1234567^', '~RXN\\X1B\\1234567^'],
    ['PV1-3.1', '|WARD7^', '|WARD\\X07\\7^'],
    ['MSH-10', '|RXN-PAS-000101|', '|RXN-PAS\\X0B\\-000101|'],
    ['MSH-3', '|PAS|RXN|', '|PA\\X1C\\S|RXN|'],
  ])('given %s with a control character, then AE naming the field and the rule', async (field, from, to) => {
    const result = await given().when(admission(from, to));
    expect(result.ack.code).toBe('AE');
    expect(result.ack.error?.location && formatLocation(result.ack.error.location)).toBe(field);
    expect(result.ack.text).toContain('control or invisible formatting character');
  });

  it('given MLLP frame bytes in MSH-10 and MSH-3, then the ACK carries them escaped, never raw', async () => {
    const ack = await ackOf(
      admission('|PAS|RXN|', '|PA\\X1C\\S|RXN|').replace('|RXN-PAS-000101|', '|RXN\\X0B\\\\X1C\\|'),
    );
    expect(ack).toMatch(/\|AE\|/);
    const controls = [...ack].filter((char) => char !== '\r' && (char.codePointAt(0) ?? 0) < 0x20);
    expect(controls).toEqual([]);
    expect(ack).toContain('RXN\\X0B\\\\X1C\\');
  });
});

describe('message type and trigger are not echoed unless they are codes', () => {
  const NAME = 'THOMPSON';
  const NHS = '9434765919';

  it.each([
    ['MSH-9.1', `|${NAME} ${NHS}^A01^ADT_A01|`],
    ['MSH-9.2', `|ADT^${NAME} ${NHS}^ADT_A01|`],
    ['MSH-9.2', `|ADT^${NAME}^ADT_A01|`],
  ])('given %s laced with a name and an NHS number, then the ACK names neither', async (field, msh9) => {
    const message = admission('|ADT^A01^ADT_A01|', msh9).replace(/PID\|[^\r]*/, 'PID|1||9991234012^^^NHS^NH');
    const result = await given().when(message);
    expect(result.ack.code).toBe('AE');
    expect(result.ack.error?.location && formatLocation(result.ack.error.location)).toBe(field);
    const ack = await ackOf(message);
    expect(ack).not.toContain(NAME);
    expect(ack).not.toContain(NHS);
    expect(result.ack.text).not.toContain(NAME);
  });

  it('given a known HL7 message type that is not ADT, then it is named', async () => {
    const result = await given().when(admission('|ADT^A01^ADT_A01|', '|ORU^R01^ORU_R01|'));
    expect(result.ack.text).toBe('message type ORU is not taken by this interface (only ADT)');
  });
});

describe('the feed checker (map) repeats no unprintable identifier', () => {
  it('given an MSH-10 holding a terminal escape sequence, then stderr and the report leave it out', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const message = admission('|RXN-PAS-000101|', '|RXN\\X1B\\[2J-000101|');
    const code = await checkFeed(Buffer.from(message), {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      env: {},
    });
    expect(code).toBe(1);
    expect(err.join('')).toContain('(MSH-10 not printable): AE');
    expect([...out, ...err].join('')).not.toContain('\u001b');
    expect(out.join('')).toContain('"messageControlId":""');
  });
});
