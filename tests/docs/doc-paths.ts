// Which repository paths a markdown document names, so a test can check they exist (docs stay honest
// while files move). Pure: text in, named paths out; the file system is the caller's business.

/** A path a document names, and where: `link` targets resolve against the document's folder only. */
export interface NamedPath {
  readonly path: string;
  readonly kind: 'code' | 'link' | 'tree';
  /** 1-based line of the document. */
  readonly line: number;
}

/** Extensions of the files this repository holds; a dotted name with another ending (a topic) is no path. */
const FILE_EXTENSIONS = new Set([
  'avsc',
  'cjs',
  'css',
  'csv',
  'hl7',
  'html',
  'js',
  'json',
  'md',
  'mjs',
  'ndjson',
  'properties',
  'py',
  'sh',
  'ts',
  'txt',
  'xml',
  'yaml',
  'yml',
]);

/** Characters a real path of this repository may hold; anything else (spaces, `+`, `:`, `|`) is prose or a value. */
const PATH_CHARACTERS = /^[\w.@/<>{}*…-]+$/;
/** Segments that stand for something (`<subject>`, `{ns}`, `*`, `…`): the path is checked up to them. */
const PLACEHOLDER = /[<>{}*…]/;

/** `true` for text that names a repository file or folder rather than a URL, package, topic or command. */
export function looksLikeRepoPath(text: string): boolean {
  if (!PATH_CHARACTERS.test(text)) return false;
  if (text.startsWith('/') || text.startsWith('@') || text.startsWith('-')) return false;
  if (text.endsWith('/')) return text.length > 1;
  const name = text.split('/').at(-1) ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 && FILE_EXTENSIONS.has(name.slice(dot + 1));
}

/**
 * The checkable part of a path: up to (not including) its first placeholder segment, as a folder.
 * `avro/released/<subject>/v1.avsc` → `avro/released/`; `src/{ns}.ts` → `src/`; `<x>.ts` → undefined
 * (nothing to check). A `*` segment counts as a placeholder too.
 */
export function checkablePart(path: string): string | undefined {
  const segments = path.split('/');
  const first = segments.findIndex((segment) => PLACEHOLDER.test(segment));
  if (first < 0) return path;
  if (first === 0) return undefined;
  return `${segments.slice(0, first).join('/')}/`;
}

interface Fence {
  readonly info: string;
  readonly lines: ReadonlyArray<{ readonly text: string; readonly line: number }>;
}

/** Splits a document into prose lines and fenced blocks (``` or ~~~), keeping line numbers. */
function split(markdown: string): {
  prose: Array<{ text: string; line: number }>;
  fences: Fence[];
} {
  const prose: Array<{ text: string; line: number }> = [];
  const fences: Fence[] = [];
  let open: { marker: string; info: string; lines: Array<{ text: string; line: number }> } | undefined;
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    const fence = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (open === undefined) {
      if (fence?.[1] !== undefined) open = { marker: fence[1], info: fence[2] ?? '', lines: [] };
      else prose.push({ text, line });
      return;
    }
    if (fence?.[1] !== undefined && fence[1].startsWith(open.marker) && text.trim() === fence[1]) {
      fences.push({ info: open.info, lines: open.lines });
      open = undefined;
      return;
    }
    open.lines.push({ text, line });
  });
  return { prose, fences };
}

/** Backticked spans and link targets of prose lines. Paths in a command (with spaces) are not taken. */
function fromProse(lines: ReadonlyArray<{ text: string; line: number }>): NamedPath[] {
  const named: NamedPath[] = [];
  for (const { text, line } of lines) {
    // Runs on the repository's own documents, never on input from outside.
    // eslint-disable-next-line regexp/no-super-linear-move
    for (const match of text.matchAll(/(`+)([^`]+?)\1(?!`)/g)) {
      const span = (match[2] ?? '').trim();
      if (looksLikeRepoPath(span)) named.push({ path: span, kind: 'code', line });
    }
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = (match[1] ?? '').split('#')[0] ?? '';
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // an anchor or a URL
      named.push({ path: target, kind: 'link', line });
    }
  }
  return named;
}

/**
 * The first column of an annotated folder tree (a fenced block with no language whose first word is a
 * path): `src/` then, indented under it, `main.ts` names `src/main.ts`. Lines whose first word is no
 * path are continuations of the description above.
 */
function fromTree(fence: Fence): NamedPath[] {
  if (fence.info !== '' && fence.info !== 'text') return [];
  const entries = fence.lines
    .map(({ text, line }) => {
      const match = /^(\s*)(\S+)/.exec(text);
      return match === null ? undefined : { indent: match[1]?.length ?? 0, word: match[2] ?? '', line };
    })
    .filter((entry) => entry !== undefined);
  if (!looksLikeRepoPath(entries[0]?.word ?? '')) return [];
  const named: NamedPath[] = [];
  const folders: Array<{ indent: number; path: string }> = [];
  for (const { indent, word, line } of entries) {
    if (!looksLikeRepoPath(word)) continue;
    while ((folders.at(-1)?.indent ?? -1) >= indent) folders.pop();
    const path = `${folders.at(-1)?.path ?? ''}${word}`;
    named.push({ path, kind: 'tree', line });
    if (word.endsWith('/')) folders.push({ indent, path });
  }
  return named;
}

/**
 * Names a document declares are not repository paths — a folder a command creates, a file elsewhere — in
 * a comment readers do not see: `<!-- not in this repository: done/ failed/ summary.json -->`.
 */
export function declaredOutside(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const match of markdown.matchAll(/<!--\s*not in this repository:([^]*?)-->/g))
    for (const name of (match[1] ?? '').split(/\s+/)) if (name !== '') names.add(name);
  return names;
}

/**
 * Every repository path a markdown document names: backticked, linked, or in a folder tree — less the
 * names it declares outside the repository.
 */
export function namedPaths(markdown: string): NamedPath[] {
  const { prose, fences } = split(markdown);
  const outside = declaredOutside(markdown);
  return [...fromProse(prose), ...fences.flatMap(fromTree)]
    .filter((named) => !outside.has(named.path))
    .sort((a, b) => a.line - b.line);
}
