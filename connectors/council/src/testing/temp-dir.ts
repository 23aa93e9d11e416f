import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Hook = (fn: () => Promise<void>) => void;

function useTempDir(prefix: string, use: (dir: string) => void, before: Hook, after: Hook): void {
  let dir: string | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    use(dir);
  });
  after(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
}

/**
 * Gives each test of the enclosing describe a fresh empty folder under the OS temp dir (named
 * `<prefix>…`), handed to `use` before the test and removed with its contents after it.
 */
export const useTempDirPerTest = (prefix: string, use: (dir: string) => void): void =>
  useTempDir(prefix, use, beforeEach, afterEach);

/** One folder for the whole enclosing describe: made before its first test, removed after its last. */
export const useTempDirPerSuite = (prefix: string, use: (dir: string) => void): void =>
  useTempDir(prefix, use, beforeAll, afterAll);
