import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';

const { ReadModelKeys, VersionKeys, liveNamespace, parseVersionedNamespace } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

/**
 * The live read-model namespace as writers follow it: the configured namespace (HOMEFIRST_READMODEL_NAMESPACE,
 * e.g. `rm:v1:`) until a rebuild switches the alias `<root>live` to another version. The writer reads the
 * alias inside the WATCH of every transaction (`aliasKey`), so a write prepared for the old version fails
 * at EXEC when the alias switches and is redone in the new one — against the new version's own offsets.
 */
export class FollowedNamespace {
  /** The alias key to WATCH and read; null for an unversioned namespace (nothing to follow). */
  readonly aliasKey: string | null;
  private cached: ReadModelKeys;

  constructor(readonly configured: string) {
    const parsed = parseVersionedNamespace(configured);
    this.aliasKey = parsed === null ? null : new VersionKeys(parsed.root).alias;
    this.cached = new ReadModelKeys(configured);
  }

  /** The keys last resolved (the configured namespace before the first resolve). */
  get keys(): ReadModelKeys {
    return this.cached;
  }

  /**
   * Takes an alias value read from Redis; true when it moved the live namespace (then the caller's
   * prepared transaction belongs to the old version and must be redone).
   */
  observe(alias: string | null | undefined): boolean {
    const namespace = liveNamespace(this.configured, alias);
    if (namespace === this.cached.namespace) return false;
    this.cached = new ReadModelKeys(namespace);
    return true;
  }

  /** Reads the alias now and returns the live keys. */
  async resolve(redis: Pick<Redis, 'get'>): Promise<ReadModelKeys> {
    if (this.aliasKey !== null) this.observe(await redis.get(this.aliasKey));
    return this.cached;
  }
}
