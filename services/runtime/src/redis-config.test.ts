import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';
import { configErrorMessage } from '@homefirst/testing';

const configErrorFor = (env: Record<string, string>): string => configErrorMessage(() => loadConfig(env));
const SECRET = 'redis-secret-9f8e7d6c5b4a';

describe('loadConfig: Redis credentials', () => {
  let dir: string;
  let passwordFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'redis-config-'));
    passwordFile = join(dir, 'hub-api.password');
    writeFileSync(passwordFile, `${SECRET}\n`, { mode: 0o600 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has none by default (the `default` user)', () => {
    expect(loadConfig({}).redis).toEqual({ url: 'redis://127.0.0.1:16379' });
  });

  it('takes a user and a password from the environment', () => {
    expect(
      loadConfig({
        HOMEFIRST_REDIS_URL: 'rediss://redis.example:6380',
        HOMEFIRST_REDIS_USERNAME: 'hub-api',
        HOMEFIRST_REDIS_PASSWORD: SECRET,
      }).redis,
    ).toEqual({ url: 'rediss://redis.example:6380', username: 'hub-api', password: SECRET });
  });

  it('reads the password from a file, without its trailing newline', () => {
    expect(
      loadConfig({ HOMEFIRST_REDIS_USERNAME: 'hub-api', HOMEFIRST_REDIS_PASSWORD_FILE: passwordFile }).redis,
    ).toEqual({ url: 'redis://127.0.0.1:16379', username: 'hub-api', password: SECRET });
  });

  it('takes a password alone (a requirepass server: the default user)', () => {
    expect(loadConfig({ HOMEFIRST_REDIS_PASSWORD: SECRET }).redis).toEqual({
      url: 'redis://127.0.0.1:16379',
      password: SECRET,
    });
  });

  it('refuses a user without a password', () => {
    expect(configErrorFor({ HOMEFIRST_REDIS_USERNAME: 'hub-api' })).toContain(
      'HOMEFIRST_REDIS_PASSWORD: required when HOMEFIRST_REDIS_USERNAME is set (or HOMEFIRST_REDIS_PASSWORD_FILE)',
    );
  });

  it('refuses two password sources, without echoing either', () => {
    const message = configErrorFor({
      HOMEFIRST_REDIS_USERNAME: 'hub-api',
      HOMEFIRST_REDIS_PASSWORD: 'other-secret-1234',
      HOMEFIRST_REDIS_PASSWORD_FILE: passwordFile,
    });
    expect(message).toContain(
      'HOMEFIRST_REDIS_PASSWORD_FILE: set either it or HOMEFIRST_REDIS_PASSWORD, not both',
    );
    expect(message).not.toContain('other-secret-1234');
    expect(message).not.toContain(SECRET);
  });

  it('refuses credentials in the URL (one way only), without echoing them', () => {
    const message = configErrorFor({ HOMEFIRST_REDIS_URL: `redis://hub-api:${SECRET}@127.0.0.1:16379` });
    expect(message).toContain('HOMEFIRST_REDIS_URL: must not hold credentials (user:password@)');
    expect(message).not.toContain(SECRET);
    expect(configErrorFor({ HOMEFIRST_REDIS_URL: `redis://:${SECRET}@127.0.0.1:16379` })).toContain(
      'must not hold credentials',
    );
  });

  it('never echoes a bad URL (it might hold a password)', () => {
    const message = configErrorFor({ HOMEFIRST_REDIS_URL: `http://hub-api:${SECRET}@redis:6379` });
    expect(message).toContain('HOMEFIRST_REDIS_URL: must be a URL starting with redis:// or rediss://');
    expect(message).not.toContain(SECRET);
  });

  it('names an unreadable password file by its path', () => {
    expect(
      configErrorFor({
        HOMEFIRST_REDIS_USERNAME: 'hub-api',
        HOMEFIRST_REDIS_PASSWORD_FILE: join(dir, 'missing.password'),
      }),
    ).toContain(
      'HOMEFIRST_REDIS_PASSWORD_FILE: must name a file holding the Redis password; cannot read it (ENOENT)',
    );
  });
});
