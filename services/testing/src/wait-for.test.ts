import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first value the probe returns', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls === 3 ? 'ready' : undefined), {
      intervalMs: 1,
    });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('keeps polling through errors and names the last one at the deadline', async () => {
    await expect(
      waitFor('the broker', () => Promise.reject(new Error('connection refused')), {
        timeoutMs: 50,
        intervalMs: 5,
      }),
    ).rejects.toThrow('timed out after 50 ms waiting for the broker: connection refused');
  });

  it('accepts the deadline as a number', async () => {
    const started = Date.now();
    await expect(waitFor('nothing', () => undefined, 30)).rejects.toThrow(
      'timed out after 30 ms waiting for nothing',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('fails fast, before the deadline, when failFast names a reason', async () => {
    let crashed = false;
    setTimeout(() => (crashed = true), 20);
    const started = Date.now();
    await expect(
      waitFor('the projector to write', () => undefined, {
        timeoutMs: 10_000,
        intervalMs: 5,
        failFast: () => (crashed ? 'the projector exited with 1' : undefined),
      }),
    ).rejects.toThrow('gave up waiting for the projector to write: the projector exited with 1');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
