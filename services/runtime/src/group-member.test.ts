import { serveGroupMember, type GroupMember } from './group-member';
import { onShutdown } from './shutdown';
import { capturingLogger } from './testing/captured-logs';

class Member implements GroupMember {
  isJoined = false;
  readonly calls: string[] = [];
  start(): Promise<void> {
    this.calls.push('start');
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.calls.push('stop');
    return Promise.resolve();
  }
}

describe('serveGroupMember', () => {
  it('starts the member, serves readiness on its group and extra checks, logs once, and stops the member before the ops server', async () => {
    const { logger, lines } = capturingLogger('group-member-test', 'info');
    const exit = jest.fn();
    const shutdown = onShutdown(logger, { signals: [], exit });
    const member = new Member();
    const ops = await serveGroupMember(
      { name: 'feed router', hub: { http: { port: 0 }, topicPrefix: 'p.' }, logger, shutdown },
      () => member,
      { checks: { redis: () => Promise.resolve('PONG') }, context: { groupId: 'g1' } },
    );
    expect(member.calls).toEqual(['start']);
    const running = lines.filter((line) => line.msg === 'feed router running');
    expect(running).toEqual([expect.objectContaining({ groupId: 'g1', topicPrefix: 'p.', port: ops.port })]);

    const before = await fetch(`http://127.0.0.1:${ops.port}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({
      checks: { redis: { status: 'ok' }, group: { status: 'fail', error: 'not yet assigned partitions' } },
    });
    member.isJoined = true;
    expect((await fetch(`http://127.0.0.1:${ops.port}/readyz`)).status).toBe(200);

    await shutdown.shutdown('test');
    expect(member.calls).toEqual(['start', 'stop']);
    await expect(fetch(`http://127.0.0.1:${ops.port}/healthz`)).rejects.toThrow();
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('gives the member an onFatal that runs the shutdown hooks and exits 1', async () => {
    const { logger, lines } = capturingLogger('group-member-test', 'info');
    const exit = jest.fn();
    const shutdown = onShutdown(logger, { signals: [], exit });
    const member = new Member();
    let onFatal: (() => void) | undefined;
    await serveGroupMember(
      { name: 'projector', hub: { http: { port: 0 }, topicPrefix: '' }, logger, shutdown },
      (fatal) => {
        onFatal = fatal;
        return member;
      },
    );
    onFatal?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(member.calls).toEqual(['start', 'stop']);
    expect(exit).toHaveBeenCalledWith(1);
    expect(lines.find((line) => line.msg === 'shutting down')?.reason).toBe(
      "the projector's Kafka consumer crashed and will not restart",
    );
  });
});
