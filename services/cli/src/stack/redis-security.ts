import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { aclFileText, REDIS_ADMIN_USER } from './redis-users';
import { endpoints, type StackSettings } from './settings';

/**
 * Redis security of the local stack, made on `homefirst stack up` and reused after: a random password per
 * hub Redis user (`.hub/redis-credentials/<user>.password`, mode 0600) and the aclfile redis-server starts
 * with (`.hub/redis/users.acl`: `default` off, each user's SHA-256 password hash and grants from
 * redis-users.ts). A running server reloads it (`ACL LOAD`) when it changed, so a changed table needs no
 * restart; an unchanged one is left alone, because Redis closes every client's connection on `ACL LOAD`.
 * Not for production: docs/kafka-security.md (Redis) says what a deployment sets instead.
 */

export const redisCredentialsDir = (s: StackSettings): string => join(s.hubDir, 'redis-credentials');
export const redisPasswordFile = (s: StackSettings, user: string): string =>
  join(redisCredentialsDir(s), `${user}.password`);
export const redisAclFile = (s: StackSettings): string => join(s.hubDir, 'redis', 'users.acl');

const writeSecret = (file: string, text: string): void => {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
};

/** The user's password, made (random, 0600) when missing. */
export function ensureRedisPassword(s: StackSettings, user: string): string {
  mkdirSync(redisCredentialsDir(s), { recursive: true, mode: 0o700 });
  const file = redisPasswordFile(s, user);
  if (!existsSync(file)) writeSecret(file, `${randomBytes(24).toString('base64url')}\n`);
  return readFileSync(file, 'utf8').trim();
}

/** Every hub Redis user's password, and the aclfile made from them; returns the aclfile's path. */
export function ensureRedisSecrets(s: StackSettings): string {
  const text = aclFileText((user) => ensureRedisPassword(s, user));
  const file = redisAclFile(s);
  mkdirSync(join(s.hubDir, 'redis'), { recursive: true });
  writeSecret(file, text);
  return file;
}

/** What a running server was last given: its run id (new at each start) and the aclfile's digest. */
export interface LoadedAcl {
  readonly runId: string;
  readonly digest: string;
}

/** Beside the aclfile: the server and aclfile of the last `ACL LOAD` (not secret: a digest, no passwords). */
export const loadedAclFile = (s: StackSettings): string => join(s.hubDir, 'redis', 'users.acl.loaded');

function readLoadedAcl(s: StackSettings): LoadedAcl | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(loadedAclFile(s), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { runId, digest } = parsed as Record<string, unknown>;
    return typeof runId === 'string' && typeof digest === 'string' ? { runId, digest } : undefined;
  } catch {
    return undefined; // never loaded by this stack folder (or unreadable): load
  }
}

/**
 * Whether a server must be told to load the aclfile: not when the same server (same run id) already loaded
 * this very text. A server started since loaded the file itself, but not necessarily this text: load.
 */
export function aclLoadNeeded(last: LoadedAcl | undefined, now: LoadedAcl): boolean {
  return last?.runId !== now.runId || last.digest !== now.digest;
}

/**
 * The admin's credentials for the stack's health check, without making a password: before the stack
 * made one, a throwaway that no server takes (so an older password-less Redis is recognised as such).
 */
export function healthCheckCredentials(s: StackSettings): { username: string; password: string } {
  const file = redisPasswordFile(s, REDIS_ADMIN_USER);
  const password = existsSync(file) ? readFileSync(file, 'utf8').trim() : randomBytes(24).toString('hex');
  return { username: REDIS_ADMIN_USER, password };
}

/** A user's credentials, for a client of the local stack (the admin's by default). */
export function redisCredentials(
  s: StackSettings,
  user: string = REDIS_ADMIN_USER,
): { username: string; password: string } {
  return { username: user, password: ensureRedisPassword(s, user) };
}

/**
 * The hub variables that make a process use the local Redis as `user` (the config kit's HOMEFIRST_REDIS_*;
 * the password is read from its file, never put in the environment).
 */
export function redisClientEnv(s: StackSettings, user: string): Record<string, string> {
  return {
    HOMEFIRST_REDIS_URL: endpoints(s).redis,
    HOMEFIRST_REDIS_USERNAME: user,
    HOMEFIRST_REDIS_PASSWORD_FILE: redisPasswordFile(s, user),
  };
}

const REDIS_VARIABLES = [
  'HOMEFIRST_REDIS_URL',
  'HOMEFIRST_REDIS_USERNAME',
  'HOMEFIRST_REDIS_PASSWORD',
  'HOMEFIRST_REDIS_PASSWORD_FILE',
] as const;

/**
 * What a CLI run on this machine uses for Redis when its environment names none: the local stack as the
 * admin, once the stack made the admin's password. Else nothing (the environment, or the defaults, win).
 */
export function localRedisDefaults(s: StackSettings, env: NodeJS.ProcessEnv): Record<string, string> {
  const named = REDIS_VARIABLES.some((name) => (env[name] ?? '') !== '');
  if (named || !existsSync(redisPasswordFile(s, REDIS_ADMIN_USER))) return {};
  return redisClientEnv(s, REDIS_ADMIN_USER);
}

/**
 * Whether the environment names a Redis or credentials of its own (then it wins whole) — not counting
 * `localRedisDefaults`, which the CLI itself put there.
 */
export function callerNamesRedis(s: StackSettings, env: NodeJS.ProcessEnv): boolean {
  const stackAdmin = redisClientEnv(s, REDIS_ADMIN_USER);
  const named = REDIS_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  return named.length > 0 && !named.every((name) => env[name] === stackAdmin[name]);
}

/**
 * Writes the aclfile again (new users, changed grants) and has the running server load it, as the admin —
 * only when the server has not loaded that text yet: `ACL LOAD` closes the connection of every client
 * (each hub service's), so a `stack up` of a running hub with nothing new must not issue it. A server
 * started without the aclfile (by a stack from before Redis passwords) refuses: restart it.
 */
export async function ensureRedisAccess(s: StackSettings): Promise<void> {
  const file = ensureRedisSecrets(s);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  const redis = new Redis(endpoints(s).redis, {
    ...redisCredentials(s),
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // reported by the commands below
  try {
    await redis.connect();
    const runId = /^run_id:(\S+)/m.exec(await redis.info('server'))?.[1];
    if (runId === undefined) throw new Error('Redis did not give its run_id (INFO server)');
    const now = { runId, digest };
    if (!aclLoadNeeded(readLoadedAcl(s), now)) return;
    await redis.call('ACL', 'LOAD');
    writeFileSync(loadedAclFile(s), `${JSON.stringify(now)}\n`);
  } finally {
    redis.disconnect();
  }
}
