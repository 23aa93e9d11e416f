import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { checkablePart, namedPaths, type NamedPath } from './doc-paths';

// The docs a newcomer opens name real files: docs/*.md, the top-level README and every workspace's README.
// When a file moves, this names each document line that still points at the old place.
// Run alone: npx jest --selectProjects unit tests/docs

const root = resolve(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** The workspaces of the root package.json (`schemas`, `services/*`, `connectors/*`), as repo paths. */
function workspaces(): string[] {
  const manifest = JSON.parse(read('package.json')) as { workspaces: string[] };
  return manifest.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json')))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

/** Folders git ignores (`.hub/`, `dist/`, …): docs may name them though a clean clone has none. */
function ignoredFolders(): { anywhere: Set<string>; paths: string[] } {
  const folders = read('.gitignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.endsWith('/') && !line.startsWith('#') && !/[*?[!]/.test(line))
    .map((line) => line.slice(0, -1));
  return {
    anywhere: new Set(folders.filter((folder) => !folder.includes('/'))),
    paths: folders.filter((folder) => folder.includes('/')),
  };
}

function isIgnored(repoPath: string, ignored: ReturnType<typeof ignoredFolders>): boolean {
  const normalised = repoPath.replace(/^\.\//, '');
  return (
    normalised.split('/').some((segment) => ignored.anywhere.has(segment)) ||
    ignored.paths.some((folder) => normalised === `${folder}/` || normalised.startsWith(`${folder}/`))
  );
}

/** A folder path (ending in `/`) must be a folder; a file path anything that exists. */
function exists(absolute: string, wantsFolder: boolean): boolean {
  if (!existsSync(absolute)) return false;
  return !wantsFolder || statSync(absolute).isDirectory();
}

/** Links resolve against the document's folder (as GitHub does); other paths may also be repo-relative. */
function resolves(document: string, named: NamedPath, checkable: string): boolean {
  const wantsFolder = checkable.endsWith('/');
  const bases = named.kind === 'link' ? [dirname(document)] : [dirname(document), '.'];
  return bases.some((base) => exists(join(root, base, checkable), wantsFolder));
}

const documents = (): string[] => [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  ...workspaces()
    .map((workspace) => `${workspace}/README.md`)
    .filter((path) => existsSync(join(root, path))),
];

describe('the docs name real files', () => {
  it('has the architecture document', () => {
    expect(existsSync(join(root, 'docs', 'architecture.md'))).toBe(true);
  });

  it('has a README in every workspace', () => {
    const missing = workspaces().filter((workspace) => !existsSync(join(root, workspace, 'README.md')));
    expect(missing).toEqual([]);
  });

  it('names only paths that exist', () => {
    const ignored = ignoredFolders();
    const missing: string[] = [];
    let checked = 0;
    for (const document of documents()) {
      for (const named of namedPaths(read(document))) {
        const checkable = checkablePart(named.path);
        const repoPath = relative(root, join(root, dirname(document), named.path));
        if (checkable === undefined || isIgnored(named.path, ignored) || isIgnored(repoPath, ignored))
          continue;
        checked += 1;
        if (!resolves(document, named, checkable))
          missing.push(`${document}:${named.line}: ${named.path} (${named.kind})`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(50); // the extractor still finds paths at all
  });
});
