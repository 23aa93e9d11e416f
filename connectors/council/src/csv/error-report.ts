import { createReadStream, createWriteStream } from 'node:fs';
import { access, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ValidationIssue } from '@homefirst/runtime';

/**
 * `<file>.errors.jsonl` beside a CSV file: one JSON line per rejected row — row number, the line of the
 * file it starts on, stage, error code and reasons (record field, the export's column, the rule broken).
 * Never a value from the row, not even its record id (a shifted column can put a name or an NHS number
 * there): the report travels by email more often than it should. The feed checker's rejection document
 * lists the same lines.
 */
export const ERROR_REPORT_SUFFIX = '.errors.jsonl';
export const errorReportPathOf = (file: string): string => `${file}${ERROR_REPORT_SUFFIX}`;

export interface ReportLine {
  /** Data row (1 = first under the header) or JSON index; null for the file itself (its header, its JSON). */
  readonly row: number | null;
  /** Line of the file where the row starts (CSV; rows and lines differ with blank lines and quoted line breaks). */
  readonly line?: number;
  readonly stage: string;
  readonly errorCode: string;
  readonly reasons: readonly {
    readonly field: string;
    readonly column: string | null;
    readonly message: string;
  }[];
}

export const reportLineOf = (
  position: { readonly row: number | null; readonly line?: number | undefined },
  stage: string,
  errorCode: string,
  issues: readonly ValidationIssue[],
  columnOf: (field: string) => string | null,
): ReportLine => ({
  row: position.row,
  ...(position.line !== undefined && { line: position.line }),
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
