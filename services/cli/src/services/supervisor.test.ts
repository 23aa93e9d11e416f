import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackSettings } from '../stack/settings';
import { redisPasswordFile } from '../stack/redis-security';
import { HUB_SERVICES, type HubService } from './catalogue';
import { serviceEnv } from './supervisor';

const REDIS_VARIABLES = [
  'HOMEFIRST_REDIS_URL',
  'HOMEFIRST_REDIS_USERNAME',
  'HOMEFIRST_REDIS_PASSWORD',
  'HOMEFIRST_REDIS_PASSWORD_FILE',
];

describe('homefirst up: each service its own Redis user', () => {
  let root: string;
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'supervisor-'));
    for (const name of REDIS_VARIABLES) saved[name] = process.env[name];
  });
  afterEach(() => {
    for (const name of REDIS_VARIABLES)
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const settings = () => loadStackSettings({ HOMEFIRST_HUB_DIR: 'hub', HOMEFIRST_REDIS_PORT: '29379' }, root);
  const service = (name: string): HubService => {
    const found = HUB_SERVICES.find((svc) => svc.name === name);
    if (found === undefined) throw new Error(`no service ${name}`);
    return found;
  };
  const redisOf = (env: NodeJS.ProcessEnv) =>
    Object.fromEntries(REDIS_VARIABLES.map((name) => [name, env[name]]));

  it('gives the API its own user and password file, even when the CLI itself runs as the admin', () => {
    const s = settings();
    // What the CLI's main puts in its own environment (localRedisDefaults).
    process.env.HOMEFIRST_REDIS_URL = 'redis://127.0.0.1:29379';
    process.env.HOMEFIRST_REDIS_USERNAME = 'hub-admin';
    process.env.HOMEFIRST_REDIS_PASSWORD_FILE = redisPasswordFile(s, 'hub-admin');
    expect(redisOf(serviceEnv(s, service('api')))).toEqual({
      HOMEFIRST_REDIS_URL: 'redis://127.0.0.1:29379',
      HOMEFIRST_REDIS_USERNAME: 'hub-api',
      HOMEFIRST_REDIS_PASSWORD: undefined,
      HOMEFIRST_REDIS_PASSWORD_FILE: redisPasswordFile(s, 'hub-api'),
    });
  });

  it('gives a service without Redis no credentials at all', () => {
    const s = settings();
    // What the CLI's main puts in its own environment (localRedisDefaults), whatever the caller's was.
    for (const name of REDIS_VARIABLES) delete process.env[name];
    process.env.HOMEFIRST_REDIS_URL = 'redis://127.0.0.1:29379';
    process.env.HOMEFIRST_REDIS_USERNAME = 'hub-admin';
    process.env.HOMEFIRST_REDIS_PASSWORD_FILE = redisPasswordFile(s, 'hub-admin');
    const env = serviceEnv(s, service('feed-router'));
    expect(env.HOMEFIRST_REDIS_USERNAME).toBe('');
    expect(env.HOMEFIRST_REDIS_PASSWORD_FILE).toBe('');
  });

  it("serves the demo city's council from the feed router, or the councils the caller names", () => {
    const s = settings();
    const saved = process.env.HOMEFIRST_FEED_COUNCILS;
    try {
      delete process.env.HOMEFIRST_FEED_COUNCILS;
      expect(serviceEnv(s, service('feed-router')).HOMEFIRST_FEED_COUNCILS).toBe('E08000012');
      // And every council with a feed topic (`homefirst councils add`), without a restart.
      expect(serviceEnv(s, service('feed-router')).HOMEFIRST_FEED_DISCOVER).toBe('true');
      process.env.HOMEFIRST_FEED_COUNCILS = 'E08000012,E08000014';
      expect(serviceEnv(s, service('feed-router')).HOMEFIRST_FEED_COUNCILS).toBe('E08000012,E08000014');
    } finally {
      if (saved === undefined) delete process.env.HOMEFIRST_FEED_COUNCILS;
      else process.env.HOMEFIRST_FEED_COUNCILS = saved;
    }
  });

  it('leaves a Redis the caller names alone', () => {
    const s = settings();
    for (const name of REDIS_VARIABLES) delete process.env[name];
    process.env.HOMEFIRST_REDIS_URL = 'rediss://redis.example:6380';
    process.env.HOMEFIRST_REDIS_USERNAME = 'ops';
    process.env.HOMEFIRST_REDIS_PASSWORD = 'from-the-vault';
    expect(redisOf(serviceEnv(s, service('projector')))).toEqual({
      HOMEFIRST_REDIS_URL: 'rediss://redis.example:6380',
      HOMEFIRST_REDIS_USERNAME: 'ops',
      HOMEFIRST_REDIS_PASSWORD: 'from-the-vault',
      HOMEFIRST_REDIS_PASSWORD_FILE: undefined,
    });
  });
});
