import type { Redis } from 'ioredis';
import type { DedupeStore } from './ports';

/**
 * Remembers which source messages were already accepted (HL7 MSH-10 per sender, FHIR Bundle.id, CSV
 * record id), so a resend is acknowledged without a second event. Marked only after Kafka acknowledged
 * the write. If Redis is unavailable the connector publishes again; deterministic eventIds still let
 * consumers dedupe, so this is an optimisation of the happy path, never the only guard.
 */
export class MessageDedupe implements DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: { readonly namespace: string; readonly ttlSeconds?: number },
  ) {}

  private key(sender: string, messageId: string): string {
    return `dedupe:${this.options.namespace}:${sender}:${messageId}`;
  }

  async seen(sender: string, messageId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(sender, messageId))) === 1;
  }

  async remember(sender: string, messageId: string): Promise<void> {
    // 30 days: longer than any sender's resend window.
    await this.redis.set(this.key(sender, messageId), '1', 'EX', this.options.ttlSeconds ?? 30 * 24 * 3600);
  }
}
