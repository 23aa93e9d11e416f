import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer } from 'kafkajs';
import { disconnectConsumer, JOINING_STOP_MS, Membership, restartUnlessStopped } from './leave-group';

/** A consumer whose disconnect ends when `end` is called (as kafkajs' does once a join in flight ends). */
const consumerUntil = () => {
  let end: (error?: Error) => void = () => undefined;
  const disconnect = () =>
    new Promise<void>((resolve, reject) => {
      end = (error) => (error === undefined ? resolve() : reject(error));
    });
  return { consumer: { disconnect }, end: (error?: Error) => end(error) };
};

describe('disconnectConsumer', () => {
  it('waits for the whole disconnect of a member not joining, and passes its error on', async () => {
    const { consumer, end } = consumerUntil();
    let done = false;
    const stopped = disconnectConsumer(consumer, false).then(() => (done = true));
    await sleep(JOINING_STOP_MS + 200);
    expect(done).toBe(false);
    end();
    await stopped;
    expect(done).toBe(true);

    const failing = consumerUntil();
    const failed = disconnectConsumer(failing.consumer, false);
    failing.end(new Error('broker gone'));
    await expect(failed).rejects.toThrow('broker gone');
  });

  it('goes on without the disconnect of a joining member, which may never end', async () => {
    const { consumer, end } = consumerUntil();
    await disconnectConsumer(consumer, true); // never ended: without the bound this would not resolve
    end(new Error('late failure')); // after the stop went on: no unhandled rejection
  });

  it('ends as soon as a joining member has left', async () => {
    const { consumer, end } = consumerUntil();
    const stopped = disconnectConsumer(consumer, true);
    end();
    await expect(stopped).resolves.toBeUndefined();
  });
});

describe('Membership', () => {
  it('is joining from the start and at each rebalance, until the group join', () => {
    const listeners = new Map<string, () => void>();
    const events = { GROUP_JOIN: 'consumer.group_join', REBALANCING: 'consumer.rebalancing' };
    const fake = {
      events,
      on: (event: string, listener: () => void) => void listeners.set(event, listener),
      disconnect: () => Promise.resolve(),
    };
    // Only the members Membership uses: kafkajs' Consumer has many more.
    const membership = new Membership(fake as unknown as Consumer);
    expect(membership.joining).toBe(true);
    listeners.get(events.GROUP_JOIN)?.();
    expect(membership.joining).toBe(false);
    listeners.get(events.REBALANCING)?.();
    expect(membership.joining).toBe(true);
  });
});

describe('restartUnlessStopped', () => {
  it("keeps kafkajs' retries and restarts a crashed consumer only while its owner runs", async () => {
    let stopped = false;
    const retry = restartUnlessStopped(() => stopped);
    expect(retry.retries).toBe(5);
    const crash = new Error('The coordinator is loading');
    expect(await retry.restartOnFailure?.(crash)).toBe(true);
    stopped = true;
    expect(await retry.restartOnFailure?.(crash)).toBe(false);
  });
});
