import { AsyncHandoff } from './handoff';

describe('AsyncHandoff', () => {
  it('given items put one at a time, then each put resolves only when its item was taken', async () => {
    const handoff = new AsyncHandoff<number>();
    const taken: number[] = [];
    const producer = (async () => {
      for (const item of [1, 2, 3]) {
        await handoff.put(item);
        taken.push(item);
      }
      handoff.end();
    })();
    const seen: number[] = [];
    for await (const item of handoff) {
      // The producer is never more than one item ahead of the consumer.
      expect(taken.length).toBeLessThanOrEqual(seen.length + 1);
      seen.push(item);
    }
    await producer;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('given nobody taking, then put stays pending', async () => {
    const handoff = new AsyncHandoff<number>();
    let resolved = false;
    void handoff.put(1).then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    await handoff[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(true);
  });

  it('given a failure, then the waiting consumer rejects with it', async () => {
    const handoff = new AsyncHandoff<number>();
    const next = handoff[Symbol.asyncIterator]().next();
    handoff.fail(new Error('broker gone'));
    await expect(next).rejects.toThrow('broker gone');
  });

  it('given a consumer that stops early, then the producer is released and told', async () => {
    const handoff = new AsyncHandoff<number>();
    let abandoned = false;
    handoff.whenAbandoned(() => {
      abandoned = true;
    });
    const first = handoff.put(1);
    const second = handoff.put(2);
    for await (const item of handoff) {
      expect(item).toBe(1);
      break;
    }
    await first;
    await second;
    expect(abandoned).toBe(true);
  });
});
