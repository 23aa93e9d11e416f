import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The test corpus: realistic UK ADT messages (connectors/hl7v2/corpus), test NHS numbers only (999…). */
export const CORPUS_DIR = join(__dirname, '..', '..', 'corpus');

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.hl7'))
    .sort();
}

export function corpusPath(name: string): string {
  return join(CORPUS_DIR, name);
}

/** A corpus message as stored (LF line ends, readable in an editor). */
export function corpusText(name: string): string {
  return readFileSync(corpusPath(name), 'utf8');
}

/** A corpus message as it travels (segments separated by CR, as HL7 requires). */
export function onTheWire(name: string): string {
  return corpusText(name).replace(/\r?\n/g, '\r');
}
