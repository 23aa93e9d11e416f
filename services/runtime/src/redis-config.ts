import { z } from 'zod';
import { fileText } from './config-kit/blocks';

/**
 * How a process reaches Redis: the server's URL (`redis://` or `rediss://` for TLS) and, apart from it,
 * the credentials — an ACL user name (HOMEFIRST_REDIS_USERNAME, absent for `requirepass`-style servers)
 * and its password, in the environment (HOMEFIRST_REDIS_PASSWORD) or in a file (HOMEFIRST_REDIS_PASSWORD_FILE,
 * e.g. a mounted secret; a trailing newline is ignored). One way only: a URL that carries
 * `user:password@` is refused, so a password never sits in a URL that might be printed, and the
 * configuration never has two answers to "which password".
 */

const REDIS_PROTOCOLS = ['redis:', 'rediss:'];

/** A Redis URL without credentials; errors never echo the text (it might hold a password). */
export const redisUrl = () =>
  z.string().superRefine((text, ctx) => {
    if (!URL.canParse(text) || !REDIS_PROTOCOLS.includes(new URL(text).protocol)) {
      ctx.addIssue({ code: 'custom', message: 'must be a URL starting with redis:// or rediss://' });
      return;
    }
    const parsed = new URL(text);
    if (parsed.username !== '' || parsed.password !== '')
      ctx.addIssue({
        code: 'custom',
        message:
          'must not hold credentials (user:password@); set HOMEFIRST_REDIS_USERNAME and HOMEFIRST_REDIS_PASSWORD or HOMEFIRST_REDIS_PASSWORD_FILE',
      });
  });

export const redisShape = {
  HOMEFIRST_REDIS_URL: redisUrl().default('redis://127.0.0.1:16379'),
  // The ACL user (Redis 6+); unset: the `default` user (a `requirepass` server, or none).
  HOMEFIRST_REDIS_USERNAME: z.string().optional(),
  HOMEFIRST_REDIS_PASSWORD: z.string().optional(),
  HOMEFIRST_REDIS_PASSWORD_FILE: fileText('a file holding the Redis password', true).optional(),
};

type RedisVariable = keyof typeof redisShape;

/** The fields as the cross-field rule sees them: parsed, or raw input when a variable failed. */
interface RedisEnv {
  readonly HOMEFIRST_REDIS_USERNAME?: unknown;
  readonly HOMEFIRST_REDIS_PASSWORD?: unknown;
  readonly HOMEFIRST_REDIS_PASSWORD_FILE?: unknown;
}

const isSet = (value: unknown): value is string => typeof value === 'string';

/** The cross-field rules: one password source, and a user name needs a password. */
export function checkRedisCredentials(
  env: RedisEnv,
  problem: (variable: RedisVariable, message: string) => void,
): void {
  const inline = isSet(env.HOMEFIRST_REDIS_PASSWORD);
  const fromFile = env.HOMEFIRST_REDIS_PASSWORD_FILE !== undefined;
  if (inline && fromFile)
    problem('HOMEFIRST_REDIS_PASSWORD_FILE', 'set either it or HOMEFIRST_REDIS_PASSWORD, not both');
  if (isSet(env.HOMEFIRST_REDIS_USERNAME) && !inline && !fromFile)
    problem(
      'HOMEFIRST_REDIS_PASSWORD',
      'required when HOMEFIRST_REDIS_USERNAME is set (or HOMEFIRST_REDIS_PASSWORD_FILE)',
    );
}

export interface RedisConfig {
  readonly url: string;
  /** The ACL user; absent: `default`. */
  readonly username?: string;
  /** Secret: never logged. */
  readonly password?: string;
}

export function redisOf(env: {
  HOMEFIRST_REDIS_URL: string;
  HOMEFIRST_REDIS_USERNAME?: string | undefined;
  HOMEFIRST_REDIS_PASSWORD?: string | undefined;
  HOMEFIRST_REDIS_PASSWORD_FILE?: string | undefined;
}): RedisConfig {
  const password = env.HOMEFIRST_REDIS_PASSWORD ?? env.HOMEFIRST_REDIS_PASSWORD_FILE;
  return {
    url: env.HOMEFIRST_REDIS_URL,
    ...(env.HOMEFIRST_REDIS_USERNAME !== undefined && { username: env.HOMEFIRST_REDIS_USERNAME }),
    ...(password !== undefined && { password }),
  };
}
