/**
 * Versioned read-model namespaces and the alias that says which version is live (README.md,
 * "Versions and the live alias"). A namespace `<root>v<N>:` (e.g. `rm:v3:`) holds one complete set of
 * read models; the STRING `<root>live` holds `v<N>` of the one readers use. A rebuild fills
 * `<root>v<N+1>:` beside the live one and switches the alias in one atomic step; readers resolve the alias
 * once per request and read every key of that request from that one namespace.
 */

/** A namespace split into its root (shared by every version) and its version number. */
export interface VersionedNamespace {
  readonly root: string;
  readonly version: number;
}

const VERSION_SEGMENT = /^v(\d{1,9})$/;

/**
 * `rm:v1:` → `{ root: 'rm:', version: 1 }`; null when the namespace's last segment is not `v<N>` (such a
 * namespace is read and written as it is, with no alias and no rebuilds).
 */
export function parseVersionedNamespace(namespace: string): VersionedNamespace | null {
  if (!namespace.endsWith(':')) return null;
  const body = namespace.slice(0, -1);
  const cut = body.lastIndexOf(':');
  const segment = body.slice(cut + 1);
  const match = VERSION_SEGMENT.exec(segment);
  if (match?.[1] === undefined) return null;
  const version = Number(match[1]);
  return version >= 1 ? { root: body.slice(0, cut + 1), version } : null;
}

/** The namespace of version `version` under `root`: `rm:` + 3 → `rm:v3:`. */
export const versionNamespace = (root: string, version: number): string => `${root}v${version}:`;

/** The alias value naming a version: 3 → `v3`. */
export const aliasValue = (version: number): string => `v${version}`;

/** The version an alias value names, or null when it names none (`v3` → 3). */
export function parseAliasValue(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const match = VERSION_SEGMENT.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The keys of a versioned family of namespaces (outside every version, so dropping a version keeps them). */
export class VersionKeys {
  constructor(readonly root: string) {}

  /** STRING `v<N>`: the live version. Absent: the configured namespace's version is live. */
  get alias(): string {
    return `${this.root}live`;
  }
  /** Pub/sub channel: `v<N>` published when the alias switches (SSE moves to the new changes channel). */
  get aliasChanged(): string {
    return `${this.root}live:changed`;
  }
  /** STRING JSON with a TTL: the rebuild that is running (run id, since, target version). */
  get rebuildLock(): string {
    return `${this.root}rebuild:lock`;
  }
  /** STRING JSON: the rebuild in progress or the old version still to drop (survives a kill, for resuming). */
  get rebuildState(): string {
    return `${this.root}rebuild:state`;
  }
  namespace(version: number): string {
    return versionNamespace(this.root, version);
  }
}

/**
 * The namespace readers and writers use now: the alias's version when it is set, else the configured
 * namespace. An unversioned configured namespace ignores aliases.
 */
export function liveNamespace(configured: string, alias: string | null | undefined): string {
  const parsed = parseVersionedNamespace(configured);
  if (parsed === null) return configured;
  const version = parseAliasValue(alias);
  return version === null ? configured : versionNamespace(parsed.root, version);
}
