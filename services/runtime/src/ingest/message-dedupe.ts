import type { Redis } from 'ioredis';
import { acrossReconnect } from '../redis';
import type { DedupeStore, SourceMessage } from './ports';

/** SET each key (KEYS) to 1 with a time to live of ARGV[1] seconds: rememberAll in one command. */
const REMEMBER_ALL_LUA = `
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], '1', 'EX', ARGV[1])
end
return #KEYS
`;

type RememberAllCommand = (keyCount: number, ...keysThenTtl: string[]) => Promise<unknown>;

/**
 * Remembers which source messages were already accepted (HL7 MSH-10 per sender, FHIR Bundle.id, CSV
 * record id), so a resend is acknowledged without a second event. Marked only after Kafka acknowledged
 * the write. If Redis is unavailable the connector publishes again; deterministic eventIds still let
 * consumers dedupe, so this is an optimisation of the happy path, never the only guard. A dropped connection
 * is waited for (runtime's acrossReconnect, up to a second): a Redis restart or an `ACL LOAD` that closes the
 * connection for a moment must not make a resend a second copy. Every command here is idempotent.
 */
export class MessageDedupe implements DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: { readonly namespace: string; readonly ttlSeconds?: number },
  ) {
    if (!('dedupeRememberAll' in redis)) redis.defineCommand('dedupeRememberAll', { lua: REMEMBER_ALL_LUA });
  }

  private get ttl(): number {
    // 30 days: longer than any sender's resend window.
    return this.options.ttlSeconds ?? 30 * 24 * 3600;
  }

  private key(sender: string, messageId: string): string {
    return `dedupe:${this.options.namespace}:${sender}:${messageId}`;
  }

  async seen(sender: string, messageId: string): Promise<boolean> {
    const key = this.key(sender, messageId);
    return (await acrossReconnect(this.redis, () => this.redis.exists(key))) === 1;
  }

  async remember(sender: string, messageId: string): Promise<void> {
    const key = this.key(sender, messageId);
    await acrossReconnect(this.redis, () => this.redis.set(key, '1', 'EX', this.ttl));
  }

  /** One MGET for all: a CSV chunk's 500 records are one command, not 500 (each an ioredis Command and a reply). */
  async seenAll(messages: readonly SourceMessage[]): Promise<boolean[]> {
    if (messages.length === 0) return [];
    const keys = messages.map(([sender, id]) => this.key(sender, id));
    const values = await acrossReconnect(this.redis, () => this.redis.mget(keys));
    return values.map((value) => value !== null);
  }

  /** One script call for all (SET … EX each): atomic, and one command however many. */
  async rememberAll(messages: readonly SourceMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // defineCommand adds the command at run time; ioredis' types cannot know it.
    const command = (this.redis as unknown as { dedupeRememberAll: RememberAllCommand }).dedupeRememberAll;
    const keys = messages.map(([sender, id]) => this.key(sender, id));
    await acrossReconnect(this.redis, () => command.call(this.redis, keys.length, ...keys, String(this.ttl)));
  }
}
