import type { Redis } from 'ioredis';

/** One record's order fact to add, and the related facts to read back (see events/order.ts). */
export interface OrderFactQuery {
  /** Per referral: council code | referral id. */
  readonly key: string;
  readonly field: string;
  /** Epoch ms of the record's event. */
  readonly at: number;
  readonly related: readonly string[];
  /**
   * When set, the record is refused if it is out of order by more than `toleranceMs` — a fact of
   * `mustFollow` (steps it must follow) later than it, or another related fact (steps that must follow it)
   * earlier — and then its own time is NOT kept, so a refused record never skews later checks.
   */
  readonly refuseBeyond?: {
    readonly toleranceMs: number;
    /** Related steps this record must not come before (beyond the tolerance). */
    readonly mustFollow: readonly string[];
    /** Related steps that must not come before this record (beyond the tolerance). Others are not checked. */
    readonly mustPrecede: readonly string[];
  };
}

/** Whether `at` is out of order beyond the tolerance against the known facts (the rule both stores apply). */
export function refusedByOrder(query: OrderFactQuery, known: ReadonlyMap<string, number>): boolean {
  const rule = query.refuseBeyond;
  if (rule === undefined) return false;
  for (const [field, time] of known) {
    if (rule.mustFollow.includes(field) && time > query.at + rule.toleranceMs) return true;
    if (rule.mustPrecede.includes(field) && time < query.at - rule.toleranceMs) return true;
  }
  return false;
}

/**
 * Keeps the earliest time of each step per referral. `record` answers each query with the related
 * facts as they were before it and then adds its own; queries are applied in order, so a later row of
 * the same batch sees an earlier one.
 */
export interface OrderStore {
  record(queries: readonly OrderFactQuery[]): Promise<readonly ReadonlyMap<string, number>[]>;
}

/** For the offline feed checker: the facts of one file, in memory. */
export class MemoryOrderStore implements OrderStore {
  private readonly facts = new Map<string, Map<string, number>>();

  record(queries: readonly OrderFactQuery[]): Promise<readonly ReadonlyMap<string, number>[]> {
    return Promise.resolve(
      queries.map((query) => {
        let facts = this.facts.get(query.key);
        if (facts === undefined) {
          facts = new Map();
          this.facts.set(query.key, facts);
        }
        const known = new Map<string, number>();
        for (const field of query.related) {
          const at = facts.get(field);
          if (at !== undefined) known.set(field, at);
        }
        const current = facts.get(query.field);
        if (!refusedByOrder(query, known) && (current === undefined || current > query.at))
          facts.set(query.field, query.at);
        return known;
      }),
    );
  }
}

/**
 * Reads the related fields, then keeps the earlier of the stored and the new time, unless the record is
 * out of order beyond the tolerance (ARGV[4] ms, -1 for no check; the first ARGV[5] related fields are the
 * steps it must follow, the next ARGV[6] those that must follow it, the rest are not checked): the same
 * rule as `refusedByOrder`. Atomic per referral.
 */
const ORDER_FACT_LUA = `
local at = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[4])
local mustFollow = tonumber(ARGV[5])
local mustPrecede = tonumber(ARGV[6])
local refused = false
local result = {}
for i = 7, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i]) or false
  result[#result + 1] = value
  if value and tolerance >= 0 then
    local time = tonumber(value)
    local position = i - 6
    if position <= mustFollow then
      if time > at + tolerance then refused = true end
    elseif position <= mustFollow + mustPrecede then
      if time < at - tolerance then refused = true end
    end
  end
end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (not refused) and ((not current) or tonumber(current) > at) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return result
`;

type OrderFactCommand = (
  key: string,
  field: string,
  at: string,
  ttlSeconds: string,
  toleranceMs: string,
  mustFollowCount: string,
  mustPrecedeCount: string,
  ...related: string[]
) => unknown;

/** Order facts in Redis: one hash per referral (`council:order:<council>|<referral>`), kept 400 days after its last step. */
export class RedisOrderStore implements OrderStore {
  private static readonly TTL_SECONDS = 400 * 24 * 3600;

  constructor(private readonly redis: Redis) {
    if (!('councilOrderFact' in redis))
      redis.defineCommand('councilOrderFact', { numberOfKeys: 1, lua: ORDER_FACT_LUA });
  }

  async record(queries: readonly OrderFactQuery[]): Promise<readonly ReadonlyMap<string, number>[]> {
    if (queries.length === 0) return [];
    const pipeline = this.redis.pipeline();
    const ordered: (readonly string[])[] = [];
    // defineCommand adds the command at run time; ioredis' types cannot know it.
    const command = (pipeline as unknown as { councilOrderFact: OrderFactCommand }).councilOrderFact.bind(
      pipeline,
    );
    for (const query of queries) {
      // Must-follow steps, then must-precede steps, then the rest: the script tells them apart by position.
      const mustFollow = query.related.filter((f) => query.refuseBeyond?.mustFollow.includes(f) === true);
      const mustPrecede = query.related.filter(
        (f) => !mustFollow.includes(f) && query.refuseBeyond?.mustPrecede.includes(f) === true,
      );
      const unchecked = query.related.filter((f) => !mustFollow.includes(f) && !mustPrecede.includes(f));
      const related = [...mustFollow, ...mustPrecede, ...unchecked];
      command(
        `council:order:${query.key}`,
        query.field,
        String(query.at),
        String(RedisOrderStore.TTL_SECONDS),
        String(query.refuseBeyond?.toleranceMs ?? -1),
        String(mustFollow.length),
        String(mustPrecede.length),
        ...related,
      );
      ordered.push(related);
    }
    const replies = (await pipeline.exec()) ?? [];
    return queries.map((_query, index) => {
      const [err, values] = replies[index] ?? [new Error('no reply'), null];
      if (err) throw err;
      const known = new Map<string, number>();
      if (Array.isArray(values)) {
        (ordered[index] ?? []).forEach((field, position) => {
          const value: unknown = values[position];
          if (typeof value === 'string') known.set(field, Number(value));
        });
      }
      return known;
    });
  }
}
