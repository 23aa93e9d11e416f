import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_SERVICES } from '../services/catalogue';
import * as security from './redis-security';
import { aclFileText, REDIS_ADMIN_USER, REDIS_USERS, redisUserNamed } from './redis-users';
import { loadStackSettings } from './settings';

describe('Redis users of the local stack', () => {
  it('gives every hub service that uses Redis a user of its own, never the admin', () => {
    const users = HUB_SERVICES.flatMap((svc) => (svc.redisUser === undefined ? [] : [svc.redisUser]));
    expect(users).toEqual(['hub-hl7v2', 'hub-fhir', 'hub-council', 'hub-projector', 'hub-api']);
    for (const user of users) expect(redisUserNamed(user).rules).not.toContain('+@all');
    expect(new Set(REDIS_USERS.map((u) => u.name)).size).toBe(REDIS_USERS.length);
  });

  it('writes an aclfile with the default user off and password hashes, never a password', () => {
    const text = aclFileText((user) => `password-of-${user}`);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('user default off resetpass resetkeys resetchannels -@all');
    expect(text).not.toContain('password-of-');
    expect(text).not.toMatch(/ >/); // `>password` would be a clear-text password
    expect(lines.find((l) => l.startsWith('user hub-api '))).toMatch(
      /^user hub-api on #[0-9a-f]{64} resetkeys resetchannels %R~rm:\* &rm:\* -@all \+@read /,
    );
    // Service users lose the dangerous commands after their grants (ACL rules apply in order).
    for (const u of REDIS_USERS.filter((user) => user.name !== REDIS_ADMIN_USER))
      expect(u.rules.indexOf('-@dangerous')).toBeGreaterThan(u.rules.indexOf('-@all'));
  });
});

describe('Redis credentials of the local stack', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'redis-users-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const settings = () => loadStackSettings({ HOMEFIRST_HUB_DIR: 'hub', HOMEFIRST_REDIS_PORT: '29379' }, root);

  it('makes one password file per user (0600) and reuses them', () => {
    const s = settings();
    const acl = security.ensureRedisSecrets(s);
    const again = security.ensureRedisSecrets(s);
    expect(again).toBe(acl);
    for (const u of REDIS_USERS)
      expect(statSync(security.redisPasswordFile(s, u.name)).mode & 0o777).toBe(0o600);
    expect(statSync(acl).mode & 0o777).toBe(0o600);
  });

  it('gives a CLI run the admin only when its environment names no Redis', () => {
    const s = settings();
    security.ensureRedisSecrets(s);
    expect(security.localRedisDefaults(s, {})).toEqual({
      HOMEFIRST_REDIS_URL: 'redis://127.0.0.1:29379',
      HOMEFIRST_REDIS_USERNAME: 'hub-admin',
      HOMEFIRST_REDIS_PASSWORD_FILE: security.redisPasswordFile(s, 'hub-admin'),
    });
    expect(security.localRedisDefaults(s, { HOMEFIRST_REDIS_URL: 'redis://elsewhere:6379' })).toEqual({});
    expect(security.localRedisDefaults(s, { HOMEFIRST_REDIS_PASSWORD: 'x' })).toEqual({});
  });

  it('tells the CLI defaults apart from a Redis the caller names', () => {
    const s = settings();
    expect(security.callerNamesRedis(s, {})).toBe(false);
    expect(security.callerNamesRedis(s, security.redisClientEnv(s, REDIS_ADMIN_USER))).toBe(false);
    expect(security.callerNamesRedis(s, { HOMEFIRST_REDIS_URL: 'rediss://redis.example:6380' })).toBe(true);
    expect(
      security.callerNamesRedis(s, {
        ...security.redisClientEnv(s, REDIS_ADMIN_USER),
        HOMEFIRST_REDIS_USERNAME: 'me',
      }),
    ).toBe(true);
  });
});
