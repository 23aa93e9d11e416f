import type { Redis } from 'ioredis';
import { unreadableHeldKey, type IdentityStore } from './ports';

/*
 * The held list keeps items handed out by a learn at its head until their writer settles them: the lease
 * key says since when, and how many (`<ms>:<count>`, Redis' clock). A learn hands out what is past that
 * head — all of the list once the lease ran out (a writer died: its items go out again) — and renews it.
 */

/** learn. KEYS: identity, held, lease; ARGV: NHS number, lease in ms. Answers the items handed out. */
const LEARN_LUA = `
redis.call('SET', KEYS[1], ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local since, count = 0, 0
local lease = redis.call('GET', KEYS[3])
if lease then
  local colon = string.find(lease, ':', 1, true)
  since, count = tonumber(string.sub(lease, 1, colon - 1)), tonumber(string.sub(lease, colon + 1))
end
local from = count
if now - since >= tonumber(ARGV[2]) then from = 0 end
local len = redis.call('LLEN', KEYS[2])
if len <= from then return {} end
redis.call('SET', KEYS[3], now .. ':' .. len)
return redis.call('LRANGE', KEYS[2], from, -1)
`;

/**
 * released and putBack. KEYS: held, lease; ARGV: 'back' or 'released', then the items. Each item handed out
 * leaves the head once ('back': to the end, held again); the lease counts them off, and goes with the last.
 */
const SETTLE_LUA = `
local removed = 0
for i = 2, #ARGV do
  local n = redis.call('LREM', KEYS[1], 1, ARGV[i])
  removed = removed + n
  if n > 0 and ARGV[1] == 'back' then redis.call('RPUSH', KEYS[1], ARGV[i]) end
end
local lease = redis.call('GET', KEYS[2])
if not lease then return removed end
local colon = string.find(lease, ':', 1, true)
local count = tonumber(string.sub(lease, colon + 1)) - removed
if count <= 0 then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], string.sub(lease, 1, colon) .. count)
end
return removed
`;

type LearnCommand = (keys: 3, ...keysThenArgs: string[]) => Promise<unknown>;
type SettleCommand = (keys: 2, ...keysThenArgs: string[]) => Promise<unknown>;

/** How long a release may take before its items are another learn's to release (default 60 s). */
export const RELEASE_LEASE_MS = 60_000;

/**
 * The identity index: (trust ODS code, local MRN) → NHS number, learned from messages that carry both,
 * used for messages that carry only the MRN. A message whose person cannot be resolved yet is held
 * (accepted and stored, never dropped and never an error the sender cannot fix) and released when the
 * identity arrives.
 *
 * Keys (under the client's prefix): `identity:<ods>:<mrn>` → NHS number; `identity:held:<ods>:<mrn>` →
 * list of held items (held envelopes, see held-envelope.ts), those handed out by a learn at its head until
 * settled; `identity:held-lease:<ods>:<mrn>` → their lease; `identity:held-unreadable:<ods>` → items set
 * aside because no connector could read them.
 */
export class IdentityIndex implements IdentityStore {
  constructor(
    private readonly redis: Redis,
    private readonly leaseMs = RELEASE_LEASE_MS,
  ) {
    if (!('identityLearn' in redis)) redis.defineCommand('identityLearn', { lua: LEARN_LUA });
    if (!('identitySettle' in redis)) redis.defineCommand('identitySettle', { lua: SETTLE_LUA });
  }

  private static key(orgCode: string, mrn: string): string {
    return `identity:${orgCode}:${mrn}`;
  }

  private static heldKey(orgCode: string, mrn: string): string {
    return `identity:held:${orgCode}:${mrn}`;
  }

  private static leaseKey(orgCode: string, mrn: string): string {
    return `identity:held-lease:${orgCode}:${mrn}`;
  }

  async resolve(orgCode: string, mrn: string): Promise<string | undefined> {
    return (await this.redis.get(IdentityIndex.key(orgCode, mrn))) ?? undefined;
  }

  async learn(orgCode: string, mrn: string, nhsNumber: string): Promise<string[]> {
    // defineCommand adds the command at run time; ioredis' types cannot know it.
    const command = (this.redis as unknown as { identityLearn: LearnCommand }).identityLearn;
    const keys = [
      IdentityIndex.key(orgCode, mrn),
      IdentityIndex.heldKey(orgCode, mrn),
      IdentityIndex.leaseKey(orgCode, mrn),
    ];
    const taken = await command.call(this.redis, 3, ...keys, nhsNumber, String(this.leaseMs));
    return Array.isArray(taken) ? taken.map(String) : [];
  }

  released(orgCode: string, mrn: string, items: readonly string[]): Promise<void> {
    return this.settle('released', orgCode, mrn, items);
  }

  putBack(orgCode: string, mrn: string, items: readonly string[]): Promise<void> {
    return this.settle('back', orgCode, mrn, items);
  }

  private async settle(
    how: 'released' | 'back',
    orgCode: string,
    mrn: string,
    items: readonly string[],
  ): Promise<void> {
    if (items.length === 0) return;
    // defineCommand adds the command at run time; ioredis' types cannot know it.
    const command = (this.redis as unknown as { identitySettle: SettleCommand }).identitySettle;
    const keys = [IdentityIndex.heldKey(orgCode, mrn), IdentityIndex.leaseKey(orgCode, mrn)];
    await command.call(this.redis, 2, ...keys, how, ...items);
  }

  /** Holds an item until the MRN's NHS number is learned; returns how many are now held for it. */
  async hold(orgCode: string, mrn: string, ...items: readonly string[]): Promise<number> {
    if (items.length === 0) return this.redis.llen(IdentityIndex.heldKey(orgCode, mrn));
    return this.redis.rpush(IdentityIndex.heldKey(orgCode, mrn), ...items);
  }

  async heldCount(orgCode: string, mrn: string): Promise<number> {
    return this.redis.llen(IdentityIndex.heldKey(orgCode, mrn));
  }

  async setAside(orgCode: string, mrn: string, items: readonly string[]): Promise<string> {
    const key = unreadableHeldKey(orgCode);
    if (items.length > 0) await this.redis.rpush(key, ...items.map((item) => JSON.stringify({ mrn, item })));
    return key;
  }
}
