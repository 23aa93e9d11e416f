import type { Redis } from 'ioredis';

export interface WalkOptions {
  /** Fewest members read from the smallest index per round (default 100). */
  readonly minChunk?: number;
  /** Most members read per round (default 5,000): bounds how long one Redis command runs. */
  readonly maxChunk?: number;
}

/**
 * The first `limit` members of the intersection of several sorted sets that all score a member alike (the
 * queue indexes: a person's readiness time), in score order — without ZINTER, which builds and sends the whole
 * intersection (thousands of members, tens of milliseconds of Redis to itself) to show fifty.
 *
 * Walks the smallest index (`indexes[0]`; the caller orders them by size) in score order, a chunk at a time,
 * and keeps the members every other index also holds (ZMSCORE, one pipeline per chunk). The chunk is sized
 * from the expected share of matches (`expectedShare`: the intersection's size ÷ the smallest index's), so a
 * first page usually costs one round; every command stays short, so other clients never queue behind it.
 */
export async function intersectionPrefix(
  redis: Redis,
  indexes: readonly string[],
  limit: number,
  expectedShare: number,
  options: WalkOptions = {},
): Promise<string[]> {
  const [smallest, ...others] = indexes;
  if (smallest === undefined || limit <= 0) return [];
  const minChunk = options.minChunk ?? 100;
  const maxChunk = options.maxChunk ?? 5_000;
  const share = Math.min(1, Math.max(expectedShare, 0.001));
  const matches: string[] = [];
  for (let position = 0; matches.length < limit;) {
    const wanted = Math.ceil(((limit - matches.length) / share) * 1.25);
    const chunk = Math.min(maxChunk, Math.max(minChunk, wanted));
    const members = await redis.zrange(smallest, position, position + chunk - 1);
    if (members.length === 0) break;
    if (others.length === 0) matches.push(...members);
    else {
      const pipeline = redis.pipeline();
      for (const index of others) pipeline.zmscore(index, ...members);
      const replies = (await pipeline.exec()) ?? [];
      const scores = replies.map(([err, reply]) => {
        if (err !== null) throw err;
        return reply as (string | null)[];
      });
      members.forEach((member, i) => {
        if (scores.every((of) => of[i] !== null)) matches.push(member);
      });
    }
    position += members.length;
    if (members.length < chunk) break;
  }
  return matches.slice(0, limit);
}
