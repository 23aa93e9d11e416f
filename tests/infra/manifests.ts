import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CrdValidator } from './crd-schemas';

/** Test support: the committed manifests, parsed, and their validation against the vendored schemas. */

export const REPO_ROOT = join(__dirname, '../..');
export const K8S_DIR = join(REPO_ROOT, 'infra/k8s');
export const GENERATED = join(K8S_DIR, 'generated');

export type Manifest = Record<string, unknown>;

export interface Located {
  /** `file#index` of the document. */
  readonly where: string;
  readonly manifest: Manifest;
}

export function parseManifests(text: string, file: string): Located[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${file}#${i}: ${doc.errors[0]?.message ?? 'bad YAML'}`);
    const manifest = doc.toJSON() as Manifest | null;
    return manifest === null ? [] : [{ where: `${file}#${i}`, manifest }];
  });
}

/** Every manifest under infra/k8s/ (generated and hand-written), except kustomize's own files. */
export function committedManifests(): Located[] {
  const files = (dir: string, rel: string): string[] =>
    readdirSync(join(dir), { withFileTypes: true }).flatMap((e) => {
      if (e.isDirectory()) return e.name === 'schemas' ? [] : files(join(dir, e.name), `${rel}${e.name}/`);
      return e.name.endsWith('.yaml') && e.name !== 'kustomization.yaml' ? [`${rel}${e.name}`] : [];
    });
  return files(K8S_DIR, '').flatMap((f) => parseManifests(readFileSync(join(K8S_DIR, f), 'utf8'), f));
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** What the API server checks of every object's metadata, whatever its kind. */
function metadataProblems(m: Manifest): string[] {
  const meta = m['metadata'] as { name?: unknown; namespace?: unknown } | undefined;
  const problems: string[] = [];
  if (typeof meta?.name !== 'string' || !DNS_SUBDOMAIN.test(meta.name))
    problems.push(`metadata.name ${JSON.stringify(meta?.name)} is not a DNS subdomain`);
  if (
    meta?.namespace !== undefined &&
    (typeof meta.namespace !== 'string' || !DNS_LABEL.test(meta.namespace))
  )
    problems.push(`metadata.namespace ${JSON.stringify(meta.namespace)} is not a DNS label`);
  return problems;
}

let crds: CrdValidator | undefined;

/** where → problems, for every manifest that has any (an empty map: all valid). */
export function validateManifests(located: readonly Located[]): Map<string, string[]> {
  crds ??= new CrdValidator();
  const validator = crds;
  const problems = new Map<string, string[]>();
  const add = (where: string, found: readonly string[]) => {
    if (found.length > 0) problems.set(where, [...(problems.get(where) ?? []), ...found]);
  };
  const builtIn: Located[] = [];
  for (const l of located) {
    add(l.where, metadataProblems(l.manifest));
    const { apiVersion, kind } = l.manifest as { apiVersion?: string; kind?: string };
    if (typeof apiVersion === 'string' && typeof kind === 'string' && validator.knows(apiVersion, kind))
      add(
        l.where,
        validator.validate(l.manifest).map((p) => `${p.path} ${p.message}`),
      );
    else builtIn.push(l);
  }
  if (builtIn.length > 0) {
    const run = spawnSync(process.execPath, [join(__dirname, 'validate-core.mjs')], {
      cwd: REPO_ROOT,
      input: JSON.stringify(builtIn.map((l) => l.manifest)),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`validate-core.mjs failed: ${run.stderr}`);
    for (const f of JSON.parse(run.stdout) as { index: number; errors: string[] }[]) {
      const where = builtIn[f.index]?.where;
      if (where === undefined)
        throw new Error(`validate-core.mjs named manifest ${f.index} of ${builtIn.length}`);
      add(where, f.errors);
    }
  }
  return problems;
}

export const ofKind = (located: readonly Located[], kind: string): Manifest[] =>
  located.map((l) => l.manifest).filter((m) => m['kind'] === kind);
