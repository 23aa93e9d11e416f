import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatGenerated } from './format';
import { generatedFiles } from './outputs';

/** Generated types, current .avsc files and asyncapi.json must be regenerated and committed with every schema change. */
describe('generated files are current (run `npm run generate -w @homefirst/schemas` if this fails)', () => {
  const packageRoot = resolve(__dirname, '..', '..');

  it.each([...generatedFiles()].map(([path, content]) => [path, content] as const))(
    '%s',
    async (path, content) => {
      const checkedIn = readFileSync(resolve(packageRoot, path), 'utf8');
      expect(checkedIn).toBe(await formatGenerated(path, content));
    },
  );
});
