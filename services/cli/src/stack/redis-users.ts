import { createHash } from 'node:crypto';

/**
 * Who may do what on the hub's Redis: one ACL user per hub service that uses Redis, least privilege,
 * deny by default (the `default` user is off, so a connection without credentials can run nothing but
 * AUTH/HELLO). Key patterns follow the key builders each service really uses, under the prefixes
 * `homefirst up` runs it with (their defaults):
 * - read models: `rm:` (schemas read-models/keys.ts and versions.ts: `rm:v<N>:…`, the alias `rm:live`,
 *   the rebuild lock and state; pub/sub channels `rm:v<N>:changes` and `rm:live:changed`);
 * - HL7 v2 (HOMEFIRST_REDIS_KEY_PREFIX unset): runtime's IdentityIndex `identity:…` (held messages
 *   `identity:held:…` with their lease `identity:held-lease:…`: Lua scripts) and MessageDedupe `dedupe:hl7v2:…`;
 * - FHIR (HOMEFIRST_FHIR_REDIS_PREFIX `homefirst:fhir:`): its dedupe, identity index, spells, pull checkpoints;
 * - council (HOMEFIRST_REDIS_KEY_PREFIX `homefirst:`): dedupe `homefirst:dedupe:council:…` and the order
 *   store `homefirst:council:order:…` (a Lua script: @scripting).
 * A service run with another prefix needs its user's patterns changed (docs/kafka-security.md, Redis).
 * The feed router keeps no state in Redis and has no user. The CLI (replay/rebuild/status, dead-letter
 * claims, remap and redrive), the stack's health check and the test suite use the admin.
 */

export interface RedisUser {
  readonly name: string;
  readonly purpose: string;
  /** ACL rules after `on` and the password: key patterns (`~`, `%R~`), channels (`&`), command categories. */
  readonly rules: readonly string[];
}

export const REDIS_ADMIN_USER = 'hub-admin';

/**
 * Commands no service needs: KEYS, FLUSHALL/FLUSHDB, CONFIG, DEBUG, ACL, SHUTDOWN, MONITOR, … — except
 * INFO, which ioredis' ready check sends on every (re)connect to wait out a Redis still loading its AOF.
 */
const NOT_DANGEROUS = ['-@dangerous', '+info'] as const;
/** Nothing but reads and writes on the user's own keys (and the connection's own commands), plus `extra`. */
const readWrite = (...extra: string[]): string[] => [
  '-@all',
  '+@read',
  '+@write',
  '+@connection',
  ...extra,
  ...NOT_DANGEROUS,
];

export const REDIS_USERS: readonly RedisUser[] = [
  {
    name: REDIS_ADMIN_USER,
    purpose:
      'the CLI (replay, rebuild, status, dead-letter claims, remap, redrive), the stack, the test suite',
    rules: ['~*', '&*', '+@all'],
  },
  {
    name: 'hub-projector',
    purpose:
      'projector: reads and writes the read models with their offsets (WATCH/MULTI, Lua for the alias switch), publishes changes',
    rules: ['~rm:*', '&rm:*', ...readWrite('+@transaction', '+@scripting', '+@pubsub')],
  },
  {
    name: 'hub-api',
    purpose:
      'query API and board: reads the read models (read-only keys), subscribes to their change channels',
    rules: [
      '%R~rm:*',
      '&rm:*',
      '-@all',
      '+@read',
      '+@connection',
      '+subscribe',
      '+unsubscribe',
      '+psubscribe',
      '+punsubscribe',
      ...NOT_DANGEROUS,
    ],
  },
  {
    name: 'hub-hl7v2',
    purpose: 'HL7 v2 connector: identity index and held messages (MULTI, Lua), message dedupe',
    rules: ['~identity:*', '~dedupe:hl7v2:*', ...readWrite('+@transaction', '+@scripting', '+time')],
  },
  {
    name: 'hub-fhir',
    purpose: 'FHIR connector: dedupe, identity index (Lua) and spell snapshots (MULTI), pull checkpoints',
    rules: ['~homefirst:fhir:*', ...readWrite('+@transaction', '+@scripting', '+time')],
  },
  {
    name: 'hub-council',
    purpose: 'council connector: record dedupe, referral order store (Lua)',
    rules: ['~homefirst:dedupe:council:*', '~homefirst:council:order:*', ...readWrite('+@scripting')],
  },
];

export function redisUserNamed(name: string): RedisUser {
  const found = REDIS_USERS.find((u) => u.name === name);
  if (found === undefined) throw new Error(`no hub Redis user ${name}`);
  return found;
}

/**
 * The aclfile: `default` off, then each user with the SHA-256 of its password (`#<hex>`: the file holds
 * no password) and its rules. `passwordOf` gives a user's password.
 */
export function aclFileText(passwordOf: (user: string) => string): string {
  const lines = [
    'user default off resetpass resetkeys resetchannels -@all',
    ...REDIS_USERS.map((u) =>
      [
        'user',
        u.name,
        'on',
        `#${createHash('sha256').update(passwordOf(u.name)).digest('hex')}`,
        'resetkeys',
        'resetchannels',
        ...u.rules,
      ].join(' '),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
