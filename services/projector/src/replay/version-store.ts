import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { rebuildStateSchema, type RebuildState } from './plan';

const { VersionKeys, aliasValue, parseAliasValue, parseVersionedNamespace } = readModels;
type VersionKeys = readModels.VersionKeys;

/** What the lock key holds: who is rebuilding, since when, into which version. */
export interface LockHolder {
  readonly runId: string;
  readonly since: string;
  readonly toVersion: number;
}

// Compare-and-refresh / compare-and-delete: only the holder's exact value may extend or release the lock.
const REFRESH = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The switch, atomic in one script: the caller still holds the lock, the alias is still what it saw, the new
 * version has every partition at least as far as the live one (so nothing the live version served is missing
 * from the new one); then the alias moves, the state becomes "drop the old version after the grace period",
 * and the alias channel tells SSE subscribers. KEYS: lock, alias, state, n old offset keys, n new ones.
 */
const SWITCH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'lock' end
local current = redis.call('GET', KEYS[2])
if (current or '') ~= ARGV[2] then return 'moved' end
local n = tonumber(ARGV[5])
for i = 1, n do
  local old = tonumber(redis.call('GET', KEYS[3 + i]) or '0')
  local new = tonumber(redis.call('GET', KEYS[3 + n + i]) or '-1')
  if new == nil or old == nil or new < old then return 'behind' end
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[6])
redis.call('PUBLISH', ARGV[4], ARGV[3])
return 'ok'`;

export type SwitchOutcome = 'ok' | 'lock' | 'moved' | 'behind';

/** The rebuild's Redis side: alias, lock, state, and dropping a version (SCAN + UNLINK in batches). */
export class VersionStore {
  readonly keys: VersionKeys;
  /** The version of the configured namespace (live while no alias is set). */
  readonly baseVersion: number;

  constructor(
    private readonly redis: Redis,
    configuredNamespace: string,
  ) {
    const parsed = parseVersionedNamespace(configuredNamespace);
    if (parsed === null)
      throw new Error(
        `HOMEFIRST_READMODEL_NAMESPACE=${configuredNamespace} has no version segment (<root>v<N>:, e.g. rm:v1:), so it cannot be rebuilt beside itself`,
      );
    this.keys = new VersionKeys(parsed.root);
    this.baseVersion = parsed.version;
  }

  /** The live version: the alias, else the configured namespace's. */
  async liveVersion(): Promise<number> {
    return parseAliasValue(await this.redis.get(this.keys.alias)) ?? this.baseVersion;
  }

  /** The raw alias (null when never switched). */
  aliasText(): Promise<string | null> {
    return this.redis.get(this.keys.alias);
  }

  async state(): Promise<RebuildState | null> {
    const text = await this.redis.get(this.keys.rebuildState);
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return null; // unreadable: treated as no unfinished rebuild (a new version is built clean)
    }
    const parsed = rebuildStateSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  }

  async saveState(state: RebuildState): Promise<void> {
    await this.redis.set(this.keys.rebuildState, JSON.stringify(state));
  }

  async clearState(runId: string): Promise<void> {
    const state = await this.state();
    if (state?.runId === runId) await this.redis.del(this.keys.rebuildState);
  }

  /** SET NX with a TTL: the holder's value, or the current holder when another run has it. */
  async acquireLock(
    holder: LockHolder,
    ttlMs: number,
  ): Promise<{ acquired: true; value: string } | { acquired: false; holder: LockHolder | null }> {
    const value = JSON.stringify(holder);
    if ((await this.redis.set(this.keys.rebuildLock, value, 'PX', ttlMs, 'NX')) === 'OK')
      return { acquired: true, value };
    return { acquired: false, holder: await this.lockHolder() };
  }

  async lockHolder(): Promise<LockHolder | null> {
    const text = await this.redis.get(this.keys.rebuildLock);
    if (text === null) return null;
    try {
      return JSON.parse(text) as LockHolder;
    } catch {
      return null;
    }
  }

  /** Extends the lock if still ours; false when it was lost (expired and taken, or deleted). */
  async refreshLock(value: string, ttlMs: number): Promise<boolean> {
    return Number(await this.redis.eval(REFRESH, 1, this.keys.rebuildLock, value, String(ttlMs))) === 1;
  }

  async releaseLock(value: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.rebuildLock, value);
  }

  /** The atomic switch (see SWITCH). `offsetSuffixes` are `<topic>:<partition>` of every person partition. */
  async switchAlias(options: {
    readonly lockValue: string;
    readonly fromVersion: number;
    readonly toVersion: number;
    readonly partitions: readonly { readonly topic: string; readonly partition: number }[];
    readonly nextState: RebuildState;
  }): Promise<SwitchOutcome> {
    const { fromVersion, toVersion, partitions } = options;
    const from = new readModels.ReadModelKeys(this.keys.namespace(fromVersion));
    const to = new readModels.ReadModelKeys(this.keys.namespace(toVersion));
    const alias = await this.aliasText();
    // The alias as seen: absent is fine only while the configured version is live.
    const expected = alias === null && fromVersion === this.baseVersion ? '' : aliasValue(fromVersion);
    const result = await this.redis.eval(
      SWITCH,
      3 + 2 * partitions.length,
      this.keys.rebuildLock,
      this.keys.alias,
      this.keys.rebuildState,
      ...partitions.map((p) => from.offset(p.topic, p.partition)),
      ...partitions.map((p) => to.offset(p.topic, p.partition)),
      options.lockValue,
      expected,
      aliasValue(toVersion),
      this.keys.aliasChanged,
      String(partitions.length),
      JSON.stringify(options.nextState),
    );
    return String(result) as SwitchOutcome;
  }

  /** Deletes every key of a namespace: SCAN + UNLINK in batches (never KEYS, never one huge DEL). */
  async dropNamespace(namespace: string, batch = 500): Promise<number> {
    let cursor = '0';
    let dropped = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${namespace}*`, 'COUNT', batch);
      cursor = next;
      if (keys.length > 0) dropped += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return dropped;
  }

  /**
   * Copies the sweeper's permanent "alert sent" markers from one version to another (claims with a TTL are
   * left), so the 48-hour sweeper does not re-send every alert after a switch. SET NX: never overwrites.
   */
  async copyAlertMarkers(fromNamespace: string, toNamespace: string): Promise<number> {
    let cursor = '0';
    let copied = 0;
    const prefix = `${fromNamespace}alerts:sent:`;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length === 0) continue;
      const read = this.redis.pipeline();
      for (const key of keys) read.get(key).pttl(key);
      const results = (await read.exec()) ?? [];
      const write = this.redis.pipeline();
      keys.forEach((key, i) => {
        const value = results[2 * i]?.[1];
        const ttl = results[2 * i + 1]?.[1];
        if (typeof value === 'string' && ttl === -1)
          write.set(`${toNamespace}alerts:sent:${key.slice(prefix.length)}`, value, 'NX');
      });
      for (const [, reply] of (await write.exec()) ?? []) if (reply === 'OK') copied += 1;
    } while (cursor !== '0');
    return copied;
  }
}
