import { startThrowawayRedis, waitFor, type ThrowawayRedis } from '@homefirst/testing';
import { checkRedis, RedisWithoutAclError } from './health';

// A Redis as an older stack started it (no aclfile, the default user open), on a port of this test's own:
// `stack up` must say to restart it rather than wait for it to become healthy.
describe('stack health: a Redis without the stack ACL users', () => {
  let server: ThrowawayRedis;
  let url: string;
  beforeAll(async () => {
    server = await startThrowawayRedis();
    url = server.url;
    await waitFor('the throwaway Redis to answer', () => checkRedis(url).then(() => true), 10_000);
  });
  afterAll(() => server.stop());

  it('given the admin credentials, when the health check runs, then it says to restart Redis', async () => {
    const check = checkRedis(url, { username: 'hub-admin', password: 'a-password-this-server-never-had' });
    await expect(check).rejects.toBeInstanceOf(RedisWithoutAclError);
    await expect(check).rejects.toThrow(/homefirst stack down redis && homefirst stack up/);
  });
});
