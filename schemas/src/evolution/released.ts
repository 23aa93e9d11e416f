import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Released schema versions kept in git: schemas/avro/released/<subject>/v<N>.avsc, one file per version
 * ever published, never edited or deleted. The compatibility test and `npm run release` read them.
 */
export const releasedRoot = resolve(__dirname, '..', '..', 'avro', 'released');

export interface ReleasedVersion {
  readonly subject: string;
  readonly version: number;
  readonly path: string;
  readonly schema: object;
}

export const releasedVersions = (subject: string, root = releasedRoot): ReleasedVersion[] => {
  const dir = join(root, subject);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => /^v(\d+)\.avsc$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => {
      const path = join(dir, match[0]);
      return {
        subject,
        version: Number(match[1]),
        path,
        schema: JSON.parse(readFileSync(path, 'utf8')) as object,
      };
    })
    .sort((a, b) => a.version - b.version);
};
