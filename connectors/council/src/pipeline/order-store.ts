import type { Redis } from 'ioredis';

/** One record's order fact to add, and the related facts to read back (see events/order.ts). */
export interface OrderFactQuery {
  /** Per referral: council code | referral id. */
  readonly key: string;
  readonly field: string;
  /** Epoch ms of the record's event. */
  readonly at: number;
  readonly related: readonly string[];
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
        if (current === undefined || current > query.at) facts.set(query.field, query.at);
        return known;
      }),
    );
  }
}

/** Reads the related fields, then keeps the earlier of the stored and the new time; atomic per referral. */
const ORDER_FACT_LUA = `
local result = {}
for i = 4, #ARGV do
  result[#result + 1] = redis.call('HGET', KEYS[1], ARGV[i]) or false
end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (not current) or tonumber(current) > tonumber(ARGV[2]) then
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
    // defineCommand adds the command at run time; ioredis' types cannot know it.
    const command = (pipeline as unknown as { councilOrderFact: OrderFactCommand }).councilOrderFact.bind(
      pipeline,
    );
    for (const query of queries) {
      command(
        `council:order:${query.key}`,
        query.field,
        String(query.at),
        String(RedisOrderStore.TTL_SECONDS),
        ...query.related,
      );
    }
    const replies = (await pipeline.exec()) ?? [];
    return queries.map((query, index) => {
      const [err, values] = replies[index] ?? [new Error('no reply'), null];
      if (err) throw err;
      const known = new Map<string, number>();
      if (Array.isArray(values)) {
        query.related.forEach((field, position) => {
          const value: unknown = values[position];
          if (typeof value === 'string') known.set(field, Number(value));
        });
      }
      return known;
    });
  }
}
