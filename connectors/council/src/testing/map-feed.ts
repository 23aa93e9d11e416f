import { mapFeed, type MapFeedOptions } from '../commands/map';
import { BUILT_IN_MAPPINGS_DIR, detectMapping } from '../mapping-files/load';
import { TEST_SECRET } from './memory';

/**
 * What `homefirst map council <file>` runs, with the lines it prints kept: the test secret, and the mapping
 * detected from the CSV header among the built-in ones unless `options` names another way (or a clock, or
 * how much is kept for printing).
 */
export async function mapFeedLines(
  file: string,
  options: Partial<Omit<MapFeedOptions, 'write'>> = {},
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await mapFeed(file, {
    personKeySecret: TEST_SECRET,
    write: (line) => {
      lines.push(line);
    },
    mappingFor: (header) => (header === null ? null : detectMapping(header, [BUILT_IN_MAPPINGS_DIR])),
    ...options,
  });
  return { code, lines };
}
