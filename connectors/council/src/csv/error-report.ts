import { createReadStream, createWriteStream } from 'node:fs';
import { access, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ValidationIssue } from '@homefirst/runtime';

/**
 * `<file>.errors.jsonl` beside a CSV file: one JSON line per rejected row — row number, record id,
 * stage, error code and reasons (record field, the export's column, the rule broken). Never a value
 * from the row: the report travels by email more often than it should.
 */
export const ERROR_REPORT_SUFFIX = '.errors.jsonl';
export const errorReportPathOf = (file: string): string => `${file}${ERROR_REPORT_SUFFIX}`;

export interface ReportLine {
  readonly row: number;
  readonly recordId: string | null;
  readonly stage: string;
  readonly errorCode: string;
  readonly reasons: readonly {
    readonly field: string;
    readonly column: string | null;
    readonly message: string;
  }[];
}

export const reportLineOf = (
  row: number,
  recordId: string | null,
  stage: string,
  errorCode: string,
  issues: readonly ValidationIssue[],
  columnOf: (field: string) => string | null,
): ReportLine => ({
  row,
  recordId,
  stage,
  errorCode,
  reasons: issues.map((issue) => ({
    field: issue.path,
    column: columnOf(issue.path),
    message: issue.message,
  })),
});

export class ErrorReport {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /**
   * Opens the report for a run. Starting over truncates it; resuming keeps the lines of the rows already
   * done (≤ rowsDone) and drops any written after them by the interrupted run, which will be written again.
   */
  static async open(file: string, resumeAfterRow: number): Promise<ErrorReport> {
    const path = errorReportPathOf(file);
    if (resumeAfterRow === 0) {
      return new ErrorReport(path, await open(path, 'w'));
    }
    const temp = `${path}.${process.pid}.tmp`;
    await keepLinesUpTo(path, temp, resumeAfterRow);
    await rename(temp, path);
    return new ErrorReport(path, await open(path, 'a'));
  }

  async write(lines: readonly ReportLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.handle.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

async function keepLinesUpTo(path: string, temp: string, lastRow: number): Promise<void> {
  const out = createWriteStream(temp);
  try {
    if (await exists(path)) {
      const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
      for await (const line of lines) {
        if (rowOf(line) <= lastRow && !out.write(`${line}\n`)) {
          await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        }
      }
    }
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

const rowOf = (line: string): number => {
  try {
    return Number((JSON.parse(line) as { row?: unknown }).row);
  } catch {
    return Number.NaN;
  }
};

export const removeErrorReport = (file: string): Promise<void> =>
  rm(errorReportPathOf(file), { force: true });
