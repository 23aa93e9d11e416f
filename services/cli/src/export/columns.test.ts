import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '@homefirst/schemas';
import { EXPORT_TOPICS, exportColumns } from './columns';
import { pseudonymisationPolicy } from './pseudonymise';

// The README documents the columns of an export and what --pseudonymise does to each text field; these
// tests fail when the contract grows and the documentation does not.

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const between = (marker: string): string[] => {
  const start = readme.indexOf(`<!-- ${marker}:start -->`);
  const end = readme.indexOf(`<!-- ${marker}:end -->`);
  if (start < 0 || end < start) throw new Error(`README has no ${marker} section`);
  return readme.slice(start, end).split('\n');
};

describe('export columns', () => {
  it('are the ones the README lists, in order, with their kinds', () => {
    const documented = between('export-columns')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim().replace(/`/g, '')))
      .map(([, name, kind]) => `${name} ${kind}`);
    const columns = exportColumns([EXPORT_TOPICS.hospital, EXPORT_TOPICS.council], false);
    expect(documented).toEqual(columns.map((c) => `${c.name} ${c.kind}`));
  });

  it('exist for every combination of topics (no name two schemas type differently)', () => {
    expect(() => exportColumns(catalogue, false)).not.toThrow();
    expect(() => exportColumns(catalogue, true)).not.toThrow();
    const names = exportColumns(catalogue, false).map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('of a pseudonymised export leave out every dropped field', () => {
    const names = exportColumns(catalogue, true).map((c) => c.name);
    for (const dropped of ['payload_nhsNumber', 'payload_spellId', 'payload_referralId', 'correlationId'])
      expect(names).not.toContain(dropped);
    expect(names).toContain('personKey');
  });
});

describe('the pseudonymisation table in the README', () => {
  it('names every text field of every topic with what is done to it', () => {
    const lines = between('pseudonymisation');
    const listed = (label: string) =>
      (lines.find((line) => line.startsWith(`- ${label}:`)) ?? '')
        .slice(label.length + 3)
        .split(',')
        .map((field) => field.trim().replace(/`/g, ''))
        .filter((field) => field !== '');
    const policy = pseudonymisationPolicy(catalogue).filter((f) => f.kind === 'string' || f.kind === 'bytes');
    const of = (treatment: string) => policy.filter((f) => f.treatment === treatment).map((f) => f.field);
    expect(listed('dropped')).toEqual(of('drop'));
    expect(listed('re-keyed')).toEqual(of('rekey'));
    expect(listed('kept')).toEqual(of('keep'));
  });
});
