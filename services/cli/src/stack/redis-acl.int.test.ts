import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayRedis, waitFor, type ThrowawayRedis } from '@homefirst/testing';
import { Redis } from 'ioredis';
import {
  aclLoadNeeded,
  ensureRedisAccess,
  ensureRedisSecrets,
  redisCredentials,
  redisPasswordFile,
} from './redis-security';
import { loadStackSettings, type StackSettings } from './settings';

// `ACL LOAD` closes every client's connection (each hub service's). A `stack up` of a running hub used to
// issue it every time: a service's Redis call in that moment failed (the HL7 connector then skipped its
// resend check and wrote a resent message a second time). A throwaway Redis with a stack folder of its own.
describe('stack up and a running Redis: the ACL table loaded only when it changed', () => {
  let dir: string;
  let settings: StackSettings;
  let server: ThrowawayRedis;
  const clients: Redis[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-acl-'));
    // The aclfile does not depend on the port: made first, then the server that starts with it.
    const folder = loadStackSettings({ HOMEFIRST_HUB_DIR: dir });
    server = await startThrowawayRedis(['--aclfile', ensureRedisSecrets(folder)]);
    settings = { ...folder, redisPort: server.port };
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function connect(user: string): Redis {
    const client = new Redis(`redis://127.0.0.1:${settings.redisPort}`, {
      ...redisCredentials(settings, user),
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => undefined); // a closed connection is what the test looks at
    clients.push(client);
    return client;
  }

  /** The server's id for the client's connection: a new one after a reconnect. */
  const connectionOf = async (client: Redis): Promise<number> => Number(await client.client('ID'));

  it('given a server that has not loaded the stack table, when stack up runs, then it loads it (clients reconnect)', async () => {
    const service = connect('hub-admin');
    const before = await connectionOf(service);
    await ensureRedisAccess(settings);
    await waitFor('the service to reconnect', async () =>
      service.status === 'ready' && (await connectionOf(service)) !== before ? true : undefined,
    );
  });

  it('given the same server and the same table, when stack up runs again, then no client loses its connection', async () => {
    const service = connect('hub-admin');
    await ensureRedisAccess(settings); // whatever this server had, it has the table now
    const before = await connectionOf(service);
    let closed = 0;
    service.on('close', () => (closed += 1));
    await ensureRedisAccess(settings);
    await ensureRedisAccess(settings);
    expect(await connectionOf(service)).toBe(before);
    expect(closed).toBe(0);
  });

  it('given a changed table (a new password), when stack up runs, then the running server takes it without a restart', async () => {
    unlinkSync(redisPasswordFile(settings, 'hub-api')); // stack up makes a new one
    await ensureRedisAccess(settings);
    const api = connect('hub-api');
    expect(await api.ping()).toBe('PONG');
  });

  it('decides from the server run and the table digest alone', () => {
    const now = { runId: 'run-b', digest: 'd1' };
    expect(aclLoadNeeded(undefined, now)).toBe(true);
    expect(aclLoadNeeded({ runId: 'run-a', digest: 'd1' }, now)).toBe(true);
    expect(aclLoadNeeded({ runId: 'run-b', digest: 'd0' }, now)).toBe(true);
    expect(aclLoadNeeded({ runId: 'run-b', digest: 'd1' }, now)).toBe(false);
  });
});
