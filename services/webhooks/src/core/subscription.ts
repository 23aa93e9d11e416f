import { LA_CODE_PATTERN } from '@homefirst/schemas';
import { z } from 'zod';

/**
 * A subscription: one council's feed delivered to one HTTPS endpoint. Stored as JSON on the compacted
 * subscriptions topic, keyed by id (the latest record wins; a null value removes it), validated on read.
 */
export const SUBSCRIPTION_STATES = ['active', 'paused'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

/** Standard Webhooks secret: `whsec_` and base64 of 24–64 random bytes. */
export const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;
export const SUBSCRIPTION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;

export const subscriptionRecordSchema = z.object({
  v: z.literal(1),
  id: z.string().regex(SUBSCRIPTION_ID_PATTERN),
  laCode: z.string().regex(new RegExp(LA_CODE_PATTERN)),
  url: z.url(),
  secret: z.string().regex(SECRET_PATTERN, { message: 'a Standard Webhooks secret (whsec_…)' }),
  state: z.enum(SUBSCRIPTION_STATES),
  maxAttempts: z.number().int().min(1).max(100),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export type Subscription = z.output<typeof subscriptionRecordSchema>;

/** A stored value read back: the subscription, or why it is unreadable (never the secret). */
export function parseSubscription(
  json: string,
): { ok: true; subscription: Subscription } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = subscriptionRecordSchema.safeParse(value);
  return parsed.success
    ? { ok: true, subscription: parsed.data }
    : { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why `url` may not receive webhooks, or undefined: https only, no credentials in it; plain http only to a
 * loopback address and only when `allowInsecureLoopback` (tests, a developer's machine).
 */
export function endpointProblem(url: string, allowInsecureLoopback: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'credentials in the URL are not allowed';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && allowInsecureLoopback && LOOPBACK_HOSTS.has(parsed.hostname))
    return undefined;
  return allowInsecureLoopback ? 'https, or http to a loopback address' : 'https is required';
}

/** The subscription's dead-letter topic (webhooks that failed maxAttempts times). */
export const deadLetterTopicOf = (prefix: string, id: string): string =>
  `${prefix}homefirst.webhooks.${id}.dlq.v1`;
