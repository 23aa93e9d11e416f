import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPersonKeyer } from '@homefirst/schemas';
import { DEVELOPMENT_PERSON_KEY_SECRET } from '@homefirst/runtime';
import { run } from './main';
import { mllpFrame } from './mllp/decoder';
import { corpusPath, corpusText } from './testing/corpus';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly lines: Array<Record<string, unknown>>;
}

async function map(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const before = process.exitCode;
  await run(['node', 'homefirst-hl7v2', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  const lines = stdout
    .split('\n')
    .filter((line) => line !== '')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}

const scratch = mkdtempSync(join(tmpdir(), 'hl7v2-map-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

describe('homefirst map hl7v2 <file> (the feed checker)', () => {
  it('given a good message, when mapped, then its events as JSON lines with their type, and exit 0', async () => {
    const ran = await map(['map', corpusPath('a08-discharge-ready-zdr.hl7')]);
    expect(ran.code).toBe(0);
    expect(ran.lines.map((line) => line.type)).toEqual([
      'ExpectedDischargeDateSet',
      'DischargeReadyDeclared',
    ]);
    expect(ran.lines[1]).toMatchObject({
      personKey: createPersonKeyer(DEVELOPMENT_PERSON_KEY_SECRET)('9991234012'),
      occurredAt: '2025-01-08T10:15:00.000Z',
      payload: { dischargeReadyDate: '2025-01-08', proposedPathway: 'P1' },
    });
    expect(ran.stderr).toContain('A08 RXN-PAS-000103: AA accepted (2 events)');
  });

  it('given HOMEFIRST_PERSON_KEY_SECRET, when mapped, then personKeys use it', async () => {
    const secret = 'a-deployment-secret-of-at-least-32-bytes';
    const ran = await map(['map', corpusPath('a01-emergency-admission.hl7')], {
      HOMEFIRST_PERSON_KEY_SECRET: secret,
    });
    expect(ran.lines[0]?.personKey).toBe(createPersonKeyer(secret)('9991234012'));
  });

  it('given a malformed message, when mapped, then the rejection as JSON (the ACK and its reason) and exit 1', async () => {
    const ackOfMissingVisitNumber: unknown = expect.stringMatching(
      /^MSH\|\^~\\&\|HOMEFIRST\|HUB\|PAS\|RXN\|\d{14}\+0000\|\|ACK\^A01\^ACK\|FEEDCHECK\|P\|2\.4\rMSA\|AE\|RXN-PAS-009002\|PV1-19 \(visit number\) is required and missing\rERR\|PV1\^1\^19\^101&Required field missing&HL70357$/,
    );
    const ran = await map(['map', corpusPath('malformed-missing-visit-number.hl7')]);
    expect(ran.code).toBe(1);
    expect(ran.lines).toEqual([
      {
        ack: 'AE',
        messageControlId: 'RXN-PAS-009002',
        trigger: 'A01',
        errorCode: 'HL7_REQUIRED_FIELD_MISSING',
        hl7ErrorCode: '101',
        location: 'PV1-19',
        reason: 'PV1-19 (visit number) is required and missing',
        er7: ackOfMissingVisitNumber,
      },
    ]);
  });

  it('given a file of several messages where an MRN-only admission comes before the identity, then the held admission is released by the A28, as live', async () => {
    const ran = await map([
      'map',
      file('held.hl7', corpusText('a01-mrn-only.hl7') + corpusText('a28-add-person.hl7')),
    ]);
    expect(ran.code).toBe(0);
    expect(ran.lines.map((line) => [line.type, (line.source as { messageId: string }).messageId])).toEqual([
      ['PatientAdmitted', 'RXN-PAS-000901'],
    ]);
    expect(ran.stderr).toContain(
      'A01 RXN-PAS-000901: AA accepted; person not yet identified — held until identity arrives (0 events)',
    );
  });

  it('given a batch file and a file of MLLP frames, when mapped, then every message', async () => {
    expect((await map(['map', corpusPath('batch-fhs-bhs.hl7')])).lines.map((line) => line.type)).toEqual([
      'PatientAdmitted',
      'PatientTransferred',
      'ExpectedDischargeDateSet',
    ]);
    const framed = Buffer.concat([
      mllpFrame(Buffer.from(corpusText('a01-emergency-admission.hl7'))),
      mllpFrame(Buffer.from(corpusText('a02-ward-transfer.hl7'))),
    ]);
    expect((await map(['map', file('framed.mllp', framed)])).lines.map((line) => line.type)).toEqual([
      'PatientAdmitted',
      'ExpectedDischargeDateSet',
      'PatientTransferred',
    ]);
  });

  it('given a mix of good and bad messages, then the good ones print too, and exit 1', async () => {
    const ran = await map([
      'map',
      file('mixed.hl7', corpusText('a02-ward-transfer.hl7') + corpusText('malformed-not-adt.hl7')),
    ]);
    expect(ran.code).toBe(1);
    expect(ran.lines.map((line) => line.type ?? line.ack)).toEqual(['PatientTransferred', 'AE']);
  });

  it.each([
    ['no file argument', ['map']],
    ['a missing file', ['map', join(scratch, 'does-not-exist.hl7')]],
    ['an unknown command', ['mapp', 'x']],
    ['an unknown option', ['map', '--frobnicate', 'x']],
  ])('given %s, then exit 2 (usage)', async (_why, args) => {
    expect((await map(args)).code).toBe(2);
  });

  it('given a bad mapping variable, then exit 2 naming it', async () => {
    const ran = await map(['map', corpusPath('a02-ward-transfer.hl7')], {
      HOMEFIRST_HL7_READINESS_SOURCE: 'fax',
    });
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('HOMEFIRST_HL7_READINESS_SOURCE');
  });

  it('given --help, then usage on stdout and exit 0', async () => {
    const ran = await map(['--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('Usage: homefirst-hl7v2');
  });
});
