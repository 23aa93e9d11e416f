import { connectRedis, createRedis, IdentityIndex, loadConfig, MessageDedupe } from '@homefirst/runtime';
import { RedisOrderStore } from '@homefirst/connector-council';
import { uniqueName } from '@homefirst/testing';
import { Redis } from 'ioredis';
import { endpoints, loadStackSettings } from '../../services/cli/src/stack';
import { redisClientEnv, redisCredentials } from '../../services/cli/src/stack/redis-security';

// Redis security of the running local stack (started by the global setup, or HOMEFIRST_STACK=external with
// the same HOMEFIRST_* port variables): `default` off, one ACL user per hub service with the grants of
// services/cli/src/stack/redis-users.ts. Service clients are built the way services build theirs: runtime's
// config kit with the variables `homefirst up` gives them, and each service's own key prefix.

const settings = loadStackSettings();
const url = endpoints(settings).redis;
const opened: Redis[] = [];

/** A client as `user` the way `homefirst up` configures that service, with the service's key prefix. */
async function connectAs(user: string, keyPrefix = ''): Promise<Redis> {
  const redis = createRedis(loadConfig(redisClientEnv(settings, user)), { keyPrefix });
  opened.push(redis);
  await connectRedis(redis);
  return redis;
}

/** A raw client that fails fast (no retries), for the refusals. */
function rawClient(options: { username?: string; password?: string } = {}): Redis {
  const redis = new Redis(url, {
    ...options,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  redis.on('error', () => undefined); // reported by the commands
  opened.push(redis);
  return redis;
}

/** What Redis says to a client that logs in with `options` and sends PING: its errors, joined. */
async function refusalOf(options: { username?: string; password?: string }): Promise<string> {
  const redis = rawClient(options);
  const errors: string[] = [];
  redis.on('error', (err: Error) => errors.push(err.message));
  await redis.connect().catch((err: unknown) => errors.push(String(err)));
  await redis.ping().catch((err: unknown) => errors.push(String(err)));
  return errors.join('; ');
}

const NOPERM = /NOPERM/;
let admin: Redis;
let tag: string;
afterAll(async () => {
  const keys = await admin.keys(`*${tag}*`);
  if (keys.length > 0) await admin.del(...keys);
  for (const redis of opened) redis.disconnect();
});
beforeAll(async () => {
  tag = uniqueName('redis-acl');
  admin = await connectAs('hub-admin');
});

describe('Redis security on the local stack: passwords', () => {
  it('given no credentials, when a client runs a command, then Redis answers NOAUTH', async () => {
    const redis = rawClient();
    await redis.connect();
    await expect(redis.ping()).rejects.toThrow(/NOAUTH/);
    await expect(redis.get(`rm:${tag}`)).rejects.toThrow(/NOAUTH/);
  });

  it('given a wrong password, or the disabled default user, when a client authenticates, then Redis refuses it', async () => {
    expect(await refusalOf({ username: 'hub-admin', password: 'not-the-password' })).toMatch(/WRONGPASS/);
    // Another user's password.
    expect(
      await refusalOf({ username: 'hub-api', password: redisCredentials(settings, 'hub-admin').password }),
    ).toMatch(/WRONGPASS/);
    // The default user (AUTH <password>, a requirepass-style login) is off.
    expect(await refusalOf({ password: 'anything-at-all' })).toMatch(/WRONGPASS/);
    expect(await refusalOf({ username: 'default', password: '' })).toMatch(/NOAUTH|WRONGPASS/);
  });

  it('given the admin password from the stack folder, when the admin connects, then it may do anything', async () => {
    await admin.set(`${tag}:admin`, 'yes', 'EX', 60);
    expect(await admin.get(`${tag}:admin`)).toBe('yes');
    expect(await admin.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
  });
});

describe('Redis security on the local stack: one user per service, least privilege', () => {
  it('given the API user, when it reads the read models and subscribes to their changes, then Redis lets it, and refuses any write', async () => {
    await admin.set(`rm:${tag}:v1:queue:x`, 'entry', 'EX', 60);
    const api = await connectAs('hub-api');
    expect(await api.get(`rm:${tag}:v1:queue:x`)).toBe('entry');
    await expect(api.set(`rm:${tag}:v1:queue:x`, 'forged')).rejects.toThrow(NOPERM);
    await expect(api.del(`rm:${tag}:v1:queue:x`)).rejects.toThrow(NOPERM);
    await expect(api.publish(`rm:${tag}:v1:changes`, '{}')).rejects.toThrow(NOPERM);
    await expect(api.get(`identity:${tag}`)).rejects.toThrow(NOPERM);
    const subscriber = await connectAs('hub-api');
    await expect(subscriber.subscribe(`rm:${tag}:v1:changes`)).resolves.toBe(1);
    await expect(subscriber.subscribe(`other:${tag}`)).rejects.toThrow(NOPERM);
  });

  it('given the projector user, when it writes read models transactionally and publishes, then Redis lets it, and refuses other keys and admin commands', async () => {
    const projector = await connectAs('hub-projector');
    const key = `rm:${tag}:v1:offsets:t:0`;
    await projector.watch(key);
    expect(await projector.multi().set(key, '42', 'EX', 60).incr(`rm:${tag}:v1:epoch`).exec()).toEqual([
      [null, 'OK'],
      [null, 1],
    ]);
    expect(await projector.eval("return redis.call('GET', KEYS[1])", 1, key)).toBe('42');
    await expect(projector.publish(`rm:${tag}:v2:changes`, '{}')).resolves.toBe(0);
    await expect(projector.set(`identity:${tag}`, 'x')).rejects.toThrow(NOPERM);
    await expect(projector.publish(`other:${tag}`, '{}')).rejects.toThrow(NOPERM);
    await expect(projector.flushall()).rejects.toThrow(NOPERM);
    await expect(projector.keys('rm:*')).rejects.toThrow(NOPERM);
    await expect(projector.config('GET', 'dir')).rejects.toThrow(NOPERM);
    await expect(projector.call('ACL', 'LIST')).rejects.toThrow(NOPERM);
  });

  it('given the HL7 v2 user, when its identity index and dedupe run, then Redis lets them, and refuses the read models', async () => {
    const hl7v2 = await connectAs('hub-hl7v2');
    const identity = new IdentityIndex(hl7v2);
    const dedupe = new MessageDedupe(hl7v2, { namespace: 'hl7v2', ttlSeconds: 60 });
    expect(await identity.hold('RHF', tag, 'held-1')).toBe(1);
    expect(await identity.learn('RHF', tag, '9990000018')).toEqual(['held-1']);
    expect(await identity.resolve('RHF', tag)).toBe('9990000018');
    await dedupe.remember(tag, 'MSG1');
    expect(await dedupe.seen(tag, 'MSG1')).toBe(true);
    await expect(hl7v2.get(`rm:${tag}:v1:queue`)).rejects.toThrow(NOPERM);
    await expect(hl7v2.set(`dedupe:fhir:${tag}`, '1')).rejects.toThrow(NOPERM);
  });

  it('given the council user with its key prefix, when its dedupe and order store run, then Redis lets them, and refuses the FHIR keys', async () => {
    const council = await connectAs('hub-council', 'homefirst:');
    await new MessageDedupe(council, { namespace: 'council', ttlSeconds: 60 }).remember(tag, 'row-1');
    const [facts] = await new RedisOrderStore(council).record([
      { key: `E08000012|${tag}`, field: 'referral', at: 1_000, related: ['assessment'] },
    ]);
    expect(facts).toBeDefined();
    await expect(council.get(`fhir:${tag}`)).rejects.toThrow(NOPERM);
  });

  it('given the FHIR user with its key prefix, when it writes in a transaction, then Redis lets it, and refuses the council keys', async () => {
    const fhir = await connectAs('hub-fhir', 'homefirst:fhir:');
    expect(await fhir.multi().set(`fhir:spell:${tag}`, '{}', 'EX', 60).exec()).toEqual([[null, 'OK']]);
    await expect(new IdentityIndex(fhir).learn('RHF', tag, '9990000018')).resolves.toEqual([]);
    await expect(admin.get(`homefirst:council:order:${tag}`)).resolves.toBeNull();
    const unprefixed = await connectAs('hub-fhir');
    await expect(unprefixed.get(`homefirst:council:order:${tag}`)).rejects.toThrow(NOPERM);
  });
});
