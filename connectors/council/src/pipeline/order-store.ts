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
 * Every query of a batch in one call, applied in order (a later query sees an earlier one's fact). Query q's
 * referral hash is KEYS[q]; ARGV[1] is the time to live in seconds, then per query: the field, its time
 * (epoch ms), the tolerance (ms, -1 for no check), how many related fields are steps it must follow, how many
 * steps that must follow it, how many related fields in all, then those fields, in that order. For each query
 * it reads the related fields, then keeps the earlier of the stored and the new time, unless the record is
 * out of order beyond the tolerance: the rule of `refusedByOrder`. Answers per query the related values
 * (false where absent), in the order given.
 */
const ORDER_FACTS_LUA = `
local ttl = ARGV[1]
local cursor = 2
local answers = {}
for q = 1, #KEYS do
  local key = KEYS[q]
  local field = ARGV[cursor]
  local at = tonumber(ARGV[cursor + 1])
  local tolerance = tonumber(ARGV[cursor + 2])
  local mustFollow = tonumber(ARGV[cursor + 3])
  local mustPrecede = tonumber(ARGV[cursor + 4])
  local related = tonumber(ARGV[cursor + 5])
  local first = cursor + 6
  local refused = false
  local result = {}
  for position = 1, related do
    local value = redis.call('HGET', key, ARGV[first + position - 1]) or false
    result[position] = value
    if value and tolerance >= 0 then
      local time = tonumber(value)
      if position <= mustFollow then
        if time > at + tolerance then refused = true end
      elseif position <= mustFollow + mustPrecede then
        if time < at - tolerance then refused = true end
      end
    end
  end
  local current = redis.call('HGET', key, field)
  if (not refused) and ((not current) or tonumber(current) > at) then
    redis.call('HSET', key, field, ARGV[cursor + 1])
  end
  redis.call('EXPIRE', key, ttl)
  answers[q] = result
  cursor = first + related
end
return answers
`;

type OrderFactsCommand = (keyCount: number, ...keysThenArgs: string[]) => Promise<unknown>;

/**
 * Order facts in Redis: one hash per referral (`council:order:<council>|<referral>`), kept 400 days after its
 * last step. A batch's queries are one script call: a CSV chunk of 500 rows is one command, not 500.
 */
export class RedisOrderStore implements OrderStore {
  private static readonly TTL_SECONDS = 400 * 24 * 3600;
  private static readonly PER_CALL = 1_000;

  constructor(private readonly redis: Redis) {
    if (!('councilOrderFacts' in redis)) redis.defineCommand('councilOrderFacts', { lua: ORDER_FACTS_LUA });
  }

  async record(queries: readonly OrderFactQuery[]): Promise<readonly ReadonlyMap<string, number>[]> {
    const answers: ReadonlyMap<string, number>[] = [];
    // In calls of at most PER_CALL queries (a script's arguments are spread into one call), one after another.
    for (let start = 0; start < queries.length; start += RedisOrderStore.PER_CALL)
      answers.push(...(await this.recordAtOnce(queries.slice(start, start + RedisOrderStore.PER_CALL))));
    return answers;
  }

  private async recordAtOnce(
    queries: readonly OrderFactQuery[],
  ): Promise<readonly ReadonlyMap<string, number>[]> {
    const keys: string[] = [];
    const args: string[] = [String(RedisOrderStore.TTL_SECONDS)];
    const ordered: (readonly string[])[] = [];
    for (const query of queries) {
      // Must-follow steps, then must-precede steps, then the rest: the script tells them apart by position.
      const mustFollow = query.related.filter((f) => query.refuseBeyond?.mustFollow.includes(f) === true);
      const mustPrecede = query.related.filter(
        (f) => !mustFollow.includes(f) && query.refuseBeyond?.mustPrecede.includes(f) === true,
      );
      const unchecked = query.related.filter((f) => !mustFollow.includes(f) && !mustPrecede.includes(f));
      const related = [...mustFollow, ...mustPrecede, ...unchecked];
      keys.push(`council:order:${query.key}`);
      args.push(
        query.field,
        String(query.at),
        String(query.refuseBeyond?.toleranceMs ?? -1),
        String(mustFollow.length),
        String(mustPrecede.length),
        String(related.length),
        ...related,
      );
      ordered.push(related);
    }
    // defineCommand adds the command at run time; ioredis' types cannot know it.
    const command = (this.redis as unknown as { councilOrderFacts: OrderFactsCommand }).councilOrderFacts;
    const answers = await command.call(this.redis, keys.length, ...keys, ...args);
    if (!Array.isArray(answers) || answers.length !== queries.length)
      throw new Error(
        `the order store answered ${Array.isArray(answers) ? answers.length : 'no'} results for ${queries.length} queries`,
      );
    return queries.map((_query, index) => {
      const values: unknown = answers[index];
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
