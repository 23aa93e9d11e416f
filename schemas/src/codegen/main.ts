import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatGenerated } from './format';
import { generatedFiles } from './outputs';

/** `npm run generate -w @homefirst/schemas`: rewrites the generated types, current .avsc files and asyncapi.json. */
const packageRoot = resolve(__dirname, '..', '..');

const main = async (): Promise<void> => {
  for (const [path, content] of generatedFiles()) {
    const target = resolve(packageRoot, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await formatGenerated(path, content));
    process.stdout.write(`wrote ${path}\n`);
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
