import { access, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { useTempDirPerTest } from './temp-dir';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('useTempDirPerTest', () => {
  const seen: string[] = [];
  useTempDirPerTest('council-temp-', (dir) => seen.push(dir));

  it('hands each test an empty folder with the prefix', async () => {
    expect(seen).toHaveLength(1);
    expect(basename(seen[0]!)).toMatch(/^council-temp-/);
    await writeFile(join(seen[0]!, 'left-behind.csv'), 'x');
  });

  it('gives the next test a new folder and removed the last one with its contents', async () => {
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    expect(await exists(seen[0]!)).toBe(false);
    expect(await exists(seen[1]!)).toBe(true);
  });
});
