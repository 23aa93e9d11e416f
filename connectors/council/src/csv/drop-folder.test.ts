import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger, UnavailableError, ValidationError } from '@homefirst/runtime';
import { BUILT_IN_MAPPINGS_DIR, detectMapping } from '../mapping-files/load';
import { memoryIngest } from '../testing/memory';
import { watchDropFolder } from './drop-folder';
import { ingestCsvFile } from './file-ingest';
import type { FileIngestSummary } from './file-ingest';
import { useTempDirPerTest } from '../testing/temp-dir';

const logger = createLogger({ name: 'council-test', level: 'silent' });
const until = async (check: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const summaryOf = (file: string): FileIngestSummary => ({
  file,
  mapping: 'las',
  rows: 1,
  resumedAfterRow: 0,
  errorReport: `${file}.errors.jsonl`,
  complete: true,
  accepted: 1,
  duplicates: 0,
  rejected: 0,
  flagged: 0,
});

describe('drop folder', () => {
  let dir: string;
  useTempDirPerTest('council-drop-', (path) => {
    dir = path;
  });

  it('given files dropped, then each is ingested once it holds still, and moved to done/ or failed/ (with why), or left to resume later', async () => {
    const attempts = new Map<string, number>();
    const outcomes: string[] = [];
    const watcher = watchDropFolder({
      dir,
      pollMs: 30,
      logger,
      onFile: (outcome) => outcomes.push(outcome),
      ingestFile: async (file) => {
        const name = file.slice(dir.length + 1);
        attempts.set(name, (attempts.get(name) ?? 0) + 1);
        await writeFile(`${file}.errors.jsonl`, '');
        if (name === 'unknown-shape.csv') throw new ValidationError('no mapping fits the CSV header', []);
        if (name === 'kafka-down.csv' && attempts.get(name) === 1) {
          throw new UnavailableError('Kafka did not acknowledge the write', { dependency: 'kafka' });
        }
        return summaryOf(file);
      },
    });
    try {
      await writeFile(join(dir, 'good.csv'), 'a\n1\n');
      await writeFile(join(dir, 'unknown-shape.csv'), 'x\n1\n');
      await writeFile(join(dir, 'kafka-down.csv'), 'a\n1\n');
      await writeFile(join(dir, 'notes.txt'), 'not a CSV');
      await until(async () => (await readdir(dir)).filter((name) => name.endsWith('.csv')).length === 0);

      expect((await readdir(join(dir, 'done'))).sort()).toEqual([
        'good.csv',
        'good.csv.errors.jsonl',
        'kafka-down.csv',
        'kafka-down.csv.errors.jsonl',
      ]);
      expect((await readdir(join(dir, 'failed'))).sort()).toEqual([
        'unknown-shape.csv',
        'unknown-shape.csv.error.json',
        'unknown-shape.csv.errors.jsonl',
      ]);
      expect(JSON.parse(await readFile(join(dir, 'failed', 'unknown-shape.csv.error.json'), 'utf8'))).toEqual(
        {
          file: 'unknown-shape.csv',
          error: 'no mapping fits the CSV header',
        },
      );
      expect(attempts).toEqual(
        new Map([
          ['good.csv', 1],
          ['kafka-down.csv', 2],
          ['unknown-shape.csv', 1],
        ]),
      );
      expect(outcomes.sort()).toEqual(['done', 'done', 'failed', 'retry']);
      expect(await readdir(dir)).toContain('notes.txt');
    } finally {
      await watcher.stop();
    }
  });

  it('given a file whose header cannot be read, then it goes to failed/ with the line and the rule, never its text', async () => {
    const { ingest } = memoryIngest();
    const watcher = watchDropFolder({
      dir,
      pollMs: 30,
      logger,
      ingestFile: (file, signal) =>
        ingestCsvFile({
          file,
          mappingFor: (header) => detectMapping(header, [BUILT_IN_MAPPINGS_DIR]),
          ingest,
          target: 'memory|',
          logger,
          signal,
        }),
    });
    try {
      await writeFile(join(dir, 'broken.csv'), 'record_id,"THOMPSON 9434765919\nX-1,E08000012\n');
      await until(async () => (await readdir(dir)).filter((name) => name.endsWith('.csv')).length === 0);
      expect((await readdir(join(dir, 'failed'))).sort()).toEqual(['broken.csv', 'broken.csv.error.json']);
      const why = await readFile(join(dir, 'failed', 'broken.csv.error.json'), 'utf8');
      expect(JSON.parse(why)).toEqual({
        file: 'broken.csv',
        error: 'the CSV header cannot be read',
        reasons: [
          {
            path: 'header',
            message:
              'line 1: a quoted value opened in field 2 is never closed, so everything after it to the end of the file (line 2) is part of it (CSV_QUOTE_NOT_CLOSED)',
          },
        ],
      });
      expect(why).not.toMatch(/THOMPSON|9434765919/);
    } finally {
      await watcher.stop();
    }
  });
});
