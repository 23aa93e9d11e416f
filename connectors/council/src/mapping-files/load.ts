// Reads per-council mapping files from disk (the I/O shell around the pure src/mapping/ compiler).
import { readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { ConfigError, ValidationError } from '@homefirst/runtime';
import { compileMapping, headerFit, mappingSchema, type CompiledMapping } from '../mapping/mapping';
import { parseCouncilJson } from '../pipeline/json-body';

/** The mappings shipped with the connector: connectors/council/mappings (from src/ or dist/ alike). */
export const BUILT_IN_MAPPINGS_DIR = resolve(__dirname, '..', '..', 'mappings');

/** Where mappings are looked up: a deployment's own directory (HOMEFIRST_COUNCIL_MAPPINGS_DIR) first, then the shipped ones. */
export const mappingDirs = (extraDir?: string): readonly string[] =>
  extraDir === undefined ? [BUILT_IN_MAPPINGS_DIR] : [extraDir, BUILT_IN_MAPPINGS_DIR];

/** Reads and validates one mapping file; a broken mapping is a configuration error naming the file. */
export function readMappingFile(file: string): CompiledMapping {
  // The same reader as council JSON: a byte-order mark allowed, the nesting bounded (a mapping is 3 deep).
  const json = parseCouncilJson(readFileSync(file));
  if (!json.ok) throw new ConfigError(`mapping ${file} ${json.issue.message}`);
  const parsed = mappingSchema.safeParse(json.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new ConfigError(`mapping ${file} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return compileMapping(parsed.data);
}

/** The mapping files in the lookup directories, by name (earlier directories win). */
export function listMappingFiles(dirs: readonly string[]): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries.sort()) {
      if (extname(entry) !== '.json') continue;
      const name = basename(entry, '.json');
      if (!files.has(name)) files.set(name, join(dir, entry));
    }
  }
  return files;
}

/** A mapping by name (e.g. `las`) or by path to a JSON file. */
export function loadMapping(nameOrPath: string, dirs: readonly string[]): CompiledMapping {
  if (nameOrPath.endsWith('.json') || nameOrPath.includes('/')) return readMappingFile(nameOrPath);
  const files = listMappingFiles(dirs);
  const file = files.get(nameOrPath);
  if (file === undefined) {
    throw new ConfigError(`unknown mapping "${nameOrPath}"; known: ${[...files.keys()].join(', ')}`);
  }
  return readMappingFile(file);
}

/**
 * A mapping by name only, as a request names it (`?mapping=las`): never a path. An unknown name is a
 * ValidationError (the client's mistake) listing the known ones, without echoing what was asked for.
 */
export function loadNamedMapping(name: string, dirs: readonly string[]): CompiledMapping {
  const files = listMappingFiles(dirs);
  const file = files.get(name);
  if (file === undefined) {
    throw new ValidationError('unknown mapping', [
      { path: 'mapping', message: `must be one of ${[...files.keys()].join(', ')}` },
    ]);
  }
  return readMappingFile(file);
}

/**
 * The mapping for a CSV header: the named one (which must fit: every column of a required field present),
 * or the one detected from the header. A mismatch is a ValidationError naming the missing columns.
 */
export function mappingForHeader(
  name: string | undefined,
  header: readonly string[],
  dirs: readonly string[],
): CompiledMapping {
  if (name === undefined) return detectMapping(header, dirs);
  const compiled = loadMapping(name, dirs);
  const { missingRequired } = headerFit(compiled, header);
  if (missingRequired.length > 0) {
    throw new ValidationError(`the CSV header does not fit the ${compiled.mapping.name} mapping`, [
      { path: 'header', message: `lacks the column(s) ${missingRequired.map((c) => `"${c}"`).join(', ')}` },
    ]);
  }
  return compiled;
}

/**
 * The mapping a CSV header was written for: every mapping whose required columns are all present,
 * the one matching most columns. None, or a tie, is a ValidationError asking for --mapping.
 */
export function detectMapping(header: readonly string[], dirs: readonly string[]): CompiledMapping {
  const candidates = [...listMappingFiles(dirs).values()].map(readMappingFile);
  const fitting = candidates
    .map((compiled) => ({ compiled, ...headerFit(compiled, header) }))
    .filter((fit) => fit.missingRequired.length === 0)
    .sort((a, b) => b.matched - a.matched);
  const [best, second] = fitting;
  if (best === undefined) {
    throw new ValidationError('no mapping fits the CSV header; name one with --mapping', [
      { path: 'header', message: `known mappings: ${candidates.map((c) => c.mapping.name).join(', ')}` },
    ]);
  }
  if (second !== undefined && second.matched === best.matched) {
    throw new ValidationError('more than one mapping fits the CSV header; name one with --mapping', [
      { path: 'header', message: `fits ${best.compiled.mapping.name} and ${second.compiled.mapping.name}` },
    ]);
  }
  return best.compiled;
}
