import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { delayAttributionByReason } from '@homefirst/schemas';

// docs/delay-attribution.md publishes the hub's default attribution of every sitrep reason: the table there
// must be the code's, row for row, so the published rule and the computed figures cannot drift apart.

const doc = readFileSync(join(resolve(__dirname, '..', '..'), 'docs', 'delay-attribution.md'), 'utf8');

/** The rows of the table headed `| Reason | Attribution | Why |`: reason → attribution. */
function publishedTable(): Record<string, string> {
  const lines = doc.split('\n');
  const header = lines.findIndex((line) => /^\|\s*Reason\s*\|\s*Attribution\s*\|/.test(line));
  expect(header).toBeGreaterThan(-1);
  const rows: Record<string, string> = {};
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [reason = '', attribution = ''] = line
      .split('|')
      .slice(1)
      .map((cell) => cell.trim().replaceAll('`', ''));
    rows[reason] = attribution;
  }
  return rows;
}

describe('docs/delay-attribution.md', () => {
  it("publishes the code's default attribution of every sitrep reason, and no other", () => {
    expect(publishedTable()).toEqual({ ...delayAttributionByReason });
  });
});
