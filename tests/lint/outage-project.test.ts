import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The disruptive project stops the shared stack's servers; the outage project's tests stop servers of the
// private stack they share. The two may run side by side (and beside the cluster project) only while each
// test stops servers of its own project's stack, so the file name says which stack a test may stop.

const repoRoot = join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.hub', 'artifacts']);

function intTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return intTests(path);
    return entry.name.endsWith('.int.test.ts') ? [relative(repoRoot, path)] : [];
  });
}

const files = intTests(repoRoot).map((file) => ({
  file,
  source: readFileSync(join(repoRoot, file), 'utf8'),
}));
const usesPrivateStack = (source: string): boolean => /\bsharedPrivateStack\(/.test(source);
/** The shared stack, as a test reaches it: its settings (to stop servers) or its addresses. */
const usesSharedStack = (source: string): boolean => /\b(loadStackSettings|stackAddresses)\(/.test(source);

describe('the outage and disruptive projects stay apart', () => {
  it('finds the outage tests', () => {
    expect(files.filter(({ file }) => file.endsWith('.outage.int.test.ts')).length).toBeGreaterThanOrEqual(4);
  });

  it('every test on the shared private stack is an outage test, and every outage test uses it', () => {
    const misplaced = files
      .filter(({ file, source }) => usesPrivateStack(source) !== file.endsWith('.outage.int.test.ts'))
      .map(({ file }) => file);
    expect(misplaced).toEqual([]);
  });

  it('no outage test reaches the shared stack', () => {
    const reaching = files
      .filter(({ file, source }) => file.endsWith('.outage.int.test.ts') && usesSharedStack(source))
      .map(({ file }) => file);
    expect(reaching).toEqual([]);
  });
});
