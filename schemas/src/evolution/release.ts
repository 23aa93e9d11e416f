import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../catalogue/topics';
import { formatGenerated } from '../codegen/format';
import { backwardTransitiveProblems } from './compatibility';
import { releasedRoot, releasedVersions } from './released';

/**
 * `npm run release -w @homefirst/schemas`: freezes each subject's current schema as the next released
 * version when it differs from the latest one, after checking it against every earlier version.
 * Commit the new files with the change that needs them; never edit or delete a released file.
 */
const main = async (): Promise<void> => {
  for (const topic of catalogue) {
    const released = releasedVersions(topic.valueSubject);
    const problems = backwardTransitiveProblems(
      topic.valueSchema,
      released.map((r) => ({ version: `v${r.version}`, schema: r.schema })),
    );
    if (problems.length > 0) {
      throw new Error(
        `${topic.valueSubject} breaks ${problems.map((p) => `${p.version}: ${p.reason}`).join('; ')}`,
      );
    }
    const latest = released.at(-1);
    if (latest && JSON.stringify(latest.schema) === JSON.stringify(topic.valueSchema)) {
      process.stdout.write(`${topic.valueSubject}: unchanged since v${latest.version}\n`);
      continue;
    }
    const version = (latest?.version ?? 0) + 1;
    const dir = join(releasedRoot, topic.valueSubject);
    mkdirSync(dir, { recursive: true });
    const file = `v${version}.avsc`;
    writeFileSync(join(dir, file), await formatGenerated(file, JSON.stringify(topic.valueSchema)));
    process.stdout.write(`${topic.valueSubject}: released v${version}\n`);
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
