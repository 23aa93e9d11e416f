import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GENERATED_DIR, generateManifests } from './generate';
import { hubInputs } from './inputs';

/**
 * `npm run k8s:generate` (compiled to scripts/k8s/dist/scripts/k8s/, hence the climb to the root) writes infra/k8s/generated/ from the catalogue, the principals and
 * infra/k8s/deployment.json (and removes files it no longer makes). `-- --check` writes nothing and exits 1
 * when the committed files differ from what it would write.
 */
const repoRoot = resolve(__dirname, '../../../../..');
const dir = join(repoRoot, GENERATED_DIR);

function main(): void {
  const files = generateManifests(hubInputs(repoRoot));
  const existing = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
  const stale = existing.filter((f) => !files.has(f));
  const changed = [...files].filter(
    ([name, text]) => !existsSync(join(dir, name)) || readFileSync(join(dir, name), 'utf8') !== text,
  );

  if (process.argv.includes('--check')) {
    for (const [name] of changed)
      console.error(`${GENERATED_DIR}/${name} differs from the generator's output`);
    for (const name of stale) console.error(`${GENERATED_DIR}/${name} is no longer generated`);
    process.exitCode = changed.length + stale.length > 0 ? 1 : 0;
  } else {
    mkdirSync(dir, { recursive: true });
    for (const name of stale) rmSync(join(dir, name));
    for (const [name, text] of changed) writeFileSync(join(dir, name), text);
    console.log(`${GENERATED_DIR}: ${files.size} files, ${changed.length} written, ${stale.length} removed`);
  }
}

main();
