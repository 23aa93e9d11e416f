import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_PERSON_KEY_SECRET } from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import { runCli } from './main';
import { CORPUS_DIR, NHS } from './testing/corpus';

// The feed checker trust IT runs before go-live: `homefirst-fhir map <file>` (and `homefirst map fhir <file>`).

async function map(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'homefirst-fhir', 'map', ...args], {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    env,
  });
  return {
    code,
    stdout,
    stderr,
    lines: stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('homefirst-fhir map <file>', () => {
  it('given a valid discharge, then it prints each event as a JSON line with its type and exits 0', async () => {
    const { code, lines } = await map([join(CORPUS_DIR, 'encounter-died.json'), '--ods', 'REM']);
    expect(code).toBe(0);
    expect(lines.map((l) => l.type)).toEqual(['PatientAdmitted', 'PatientDischarged', 'PatientDied']);
    expect(lines[0]).toMatchObject({ source: { channel: 'FHIR', orgCode: 'REM' } });
  });

  it('uses the development personKey secret offline, unless HOMEFIRST_PERSON_KEY_SECRET is set', async () => {
    const file = join(CORPUS_DIR, 'encounter-admitted.json');
    const dev = await map([file]);
    expect(dev.lines[0]?.personKey).toBe(createPersonKeyer(DEVELOPMENT_PERSON_KEY_SECRET)(NHS.margaretJones));
    const secret = 'a-deployment-secret-that-is-long-enough-0001';
    const own = await map([file], { HOMEFIRST_PERSON_KEY_SECRET: secret });
    expect(own.lines[0]?.personKey).toBe(createPersonKeyer(secret)(NHS.margaretJones));
  });

  it('given an NHS number failing modulus 11, then it prints the OperationOutcome with the element path and exits 1', async () => {
    const { code, lines } = await map([join(CORPUS_DIR, 'encounter-invalid-nhs-number.json')]);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'value', expression: ['Encounter.subject.identifier.value'] }],
    });
  });

  it('given a file that is not JSON, then exit 1 with a structure issue', async () => {
    const { code, lines } = await map([join(CORPUS_DIR, 'malformed.txt')]);
    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({ issue: [{ code: 'structure' }] });
  });

  it('given a message naming only a local patient id, then no event, a note that it would be held, exit 0', async () => {
    const { code, lines, stderr } = await map([join(CORPUS_DIR, 'message-admission-mrn-only.json')]);
    expect(code).toBe(0);
    expect(lines).toEqual([]);
    expect(stderr).toMatch(/held until a message links that id to an NHS number/);
  });

  it('given a missing file, no file, or an unknown option, then exit 2 (usage)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fhir-map-'));
    expect((await map([join(dir, 'nope.json')])).code).toBe(2);
    expect((await map([])).code).toBe(2);
    writeFileSync(join(dir, 'ok.json'), '{}');
    expect((await map([join(dir, 'ok.json'), '--frobnicate'])).code).toBe(2);
    expect((await map([dir])).code).toBe(2);
  });
});
