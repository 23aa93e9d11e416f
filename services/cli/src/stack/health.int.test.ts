import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { reservePort, waitFor } from '@homefirst/testing';
import { checkRedis, RedisWithoutAclError } from './health';

// A Redis as an older stack started it (no aclfile, the default user open), on a port of this test's own:
// `stack up` must say to restart it rather than wait for it to become healthy.
describe('stack health: a Redis without the stack ACL users', () => {
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => {
    const port = await reservePort();
    url = `redis://127.0.0.1:${port}`;
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor('the throwaway Redis to answer', () => checkRedis(url).then(() => true), 10_000);
  });
  afterAll(async () => {
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  });

  it('given the admin credentials, when the health check runs, then it says to restart Redis', async () => {
    const check = checkRedis(url, { username: 'hub-admin', password: 'a-password-this-server-never-had' });
    await expect(check).rejects.toBeInstanceOf(RedisWithoutAclError);
    await expect(check).rejects.toThrow(/homefirst stack down redis && homefirst stack up/);
  });
});
