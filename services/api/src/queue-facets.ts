import type { readModels } from '@homefirst/schemas';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Visibility } from './auth/principal';
import type { QueueFilters } from './reader';
import { TtlCache } from './ttl-cache';
import { FACET_DIMENSIONS, type FacetDimension, type QueueFacetsView } from './views';

/** A queue filter's dimension (the sitrep index is read through `reason`). */
export type QueueFilterDimension = Exclude<readModels.QueueDimension, 'sitrep'>;

/** The index a queue filter reads (a reason through queueByReason: its sitrep or hub-only index). */
export function queueIndexOf(
  keys: readModels.ReadModelKeys,
  dimension: QueueFilterDimension,
  value: string,
): string {
  if (dimension === 'reason') return keys.queueByReason(value);
  return keys.queueBy(dimension, value);
}

/** The replies of a pipeline, in order; the first failed command's error is thrown. */
export async function repliesOf(pipeline: ChainableCommander): Promise<unknown[]> {
  return ((await pipeline.exec()) ?? []).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/**
 * How long the list of values each queue index has (site, ward, … — found by SCAN of the index keys) serves.
 * A value seen for the first time appears in the facets within this time; its counts are always as fresh
 * as the counts by reason.
 */
export const FACET_VALUES_TTL_MS = 5_000;

/** The filters of a queue read: the caller's own, and the ones its scope adds; null when nothing is visible. */
export interface ScopedFilters {
  readonly chosen: ReadonlyArray<readonly [QueueFilterDimension, string]>;
  readonly scope: ReadonlyArray<readonly [QueueFilterDimension, string]>;
}

export function scopedFilters(query: QueueFilters, visibility: Visibility): ScopedFilters | null {
  const chosen: Array<[QueueFilterDimension, string]> = [];
  const scope: Array<[QueueFilterDimension, string]> = [];
  if (visibility.councilOrg !== null) {
    if (query.council !== undefined && query.council !== visibility.councilOrg) return null;
    scope.push(['council', visibility.councilOrg]);
  }
  for (const d of FACET_DIMENSIONS) {
    const v = query[d];
    // A council's own code is its scope already (and stays applied when the council facet is counted).
    if (v !== undefined && !(d === 'council' && visibility.councilOrg !== null)) chosen.push([d, v]);
  }
  if (visibility.trustOrg !== null) scope.push(['trust', visibility.trustOrg]);
  return { chosen, scope };
}

/** A Redis glob pattern matching `text` literally. */
const globEscaped = (text: string): string => text.replace(/[*?[\\]/g, '\\$&');

type FacetCounts = QueueFacetsView['facets'] & { readonly total: number };

/** The facets as the indexes alone give them (the reader adds the long-delay cohort's count). */
export type IndexFacetsView = Omit<QueueFacetsView, 'longDelayCount'>;

/** The queue's count per filter value, from the projector's indexes (ZCARD / ZINTERCARD), for the board. */
export class QueueFacets {
  private readonly values = new TtlCache<ReadonlyMap<FacetDimension, readonly string[]>>(
    FACET_VALUES_TTL_MS,
    1,
  );
  private readonly counts: TtlCache<FacetCounts>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: readModels.ReadModelKeys,
    countsTtlMs: number,
  ) {
    this.counts = new TtlCache(countsTtlMs, 256);
  }

  /**
   * The count per value of each filter dimension: for dimension D and value v, ZINTERCARD of v's index with
   * the indexes of every other filter and of the caller's scope (ZCARD when alone) — one pipeline, cached
   * per filter set like the counts by reason. The values come from the index keys (SCAN, cached); Redis
   * drops an emptied index, so a value nobody has any more disappears. Counts only: no person-level data.
   */
  async read(query: QueueFilters, visibility: Visibility, now: Date): Promise<IndexFacetsView> {
    const scoped = scopedFilters(query, visibility);
    const empty = { site: [], ward: [], pathway: [], reason: [], council: [] };
    if (scoped === null) return { now: now.toISOString(), total: 0, facets: empty };
    // The scope apart from the chosen filters: a filter is left out of its own facet, a scope never is.
    const named = (filters: ScopedFilters['chosen']) => filters.map(([d, v]) => `${d}=${v}`).join(' ');
    const cacheKey = `${named(scoped.chosen)} | ${named(scoped.scope)}`;
    const { total, ...facets } = await this.counts.get(cacheKey, async () => {
      const values = await this.values.get('values', () => this.indexValues());
      const scopeIndexes = scoped.scope.map(([d, v]) => queueIndexOf(this.keys, d, v));
      const all = [...scoped.chosen.map(([d, v]) => queueIndexOf(this.keys, d, v)), ...scopeIndexes];
      const pipeline = this.redis.pipeline();
      const count = (indexes: readonly string[]) => {
        if (indexes.length === 0) pipeline.zcard(this.keys.queue);
        else if (indexes.length === 1) pipeline.zcard(indexes[0] ?? this.keys.queue);
        else pipeline.call('ZINTERCARD', indexes.length, ...indexes);
      };
      count(all);
      const asked: Array<[FacetDimension, string]> = [];
      for (const dimension of FACET_DIMENSIONS) {
        const others = scoped.chosen
          .filter(([d]) => d !== dimension)
          .map(([d, v]) => queueIndexOf(this.keys, d, v));
        for (const value of values.get(dimension) ?? []) {
          asked.push([dimension, value]);
          count([queueIndexOf(this.keys, dimension, value), ...others, ...scopeIndexes]);
        }
      }
      const replies = (await repliesOf(pipeline)).map(Number);
      const result = { total: replies[0] ?? 0, site: [], ward: [], pathway: [], reason: [], council: [] } as {
        total: number;
      } & Record<FacetDimension, Array<{ value: string; count: number }>>;
      asked.forEach(([dimension, value], i) => {
        const n = replies[i + 1] ?? 0;
        if (n > 0) result[dimension].push({ value, count: n });
      });
      for (const dimension of FACET_DIMENSIONS)
        result[dimension].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return result;
    });
    return { now: now.toISOString(), total, facets };
  }

  /** The values each facet dimension's indexes have now (reasons: the hub's own and the sitrep ones). */
  private async indexValues(): Promise<ReadonlyMap<FacetDimension, readonly string[]>> {
    const prefix = `${this.keys.namespace}queue:by:`;
    const found = new Map<FacetDimension, Set<string>>(FACET_DIMENSIONS.map((d) => [d, new Set<string>()]));
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${globEscaped(prefix)}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const rest = key.slice(prefix.length);
        const colon = rest.indexOf(':');
        const dimension = rest.slice(0, colon);
        const value = rest.slice(colon + 1);
        // A sitrep reason is filtered by its sitrep index (queueByReason), a hub-only reason by its own.
        const as = dimension === 'sitrep' ? 'reason' : dimension;
        if ((FACET_DIMENSIONS as readonly string[]).includes(as)) found.get(as as FacetDimension)?.add(value);
      }
    } while (cursor !== '0');
    return new Map([...found].map(([d, set]) => [d, [...set].sort()]));
  }
}
