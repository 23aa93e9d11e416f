import { gcPauses } from './gc-pauses';

/** Node hands gc entries to observers after the collection, from the event loop: let it turn. */
const delivered = (): Promise<void> => new Promise((done) => setTimeout(done, 50));

describe('gcPauses', () => {
  it('counts the scavenges that allocating short-lived objects causes', async () => {
    const stop = gcPauses();
    let kept = 0;
    // About 200 MB of short-lived arrays: many times the young generation, so it is collected again and again.
    for (let i = 0; i < 2_000_000; i += 1) kept += new Array<number>(10).fill(i).length;
    await delivered();
    const pauses = stop();
    expect(kept).toBe(20_000_000);
    expect(pauses.count).toBeGreaterThan(0);
    expect(pauses.minorMs).toBeGreaterThanOrEqual(0);
    expect(pauses.majorMs).toBeGreaterThanOrEqual(0);
  });

  it('stops counting once stopped', async () => {
    const stop = gcPauses();
    const first = stop();
    for (let i = 0; i < 1_000_000; i += 1) void new Array<number>(10).fill(i);
    await delivered();
    expect(stop()).toEqual(first);
  });
});
