import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedMutex } from './keyed-mutex';

describe('KeyedMutex', () => {
  it('runs work on the same key one at a time, in arrival order, and other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string, keys: string[], ms: number) =>
      mutex.run(keys, async () => {
        log.push(`${name}+`);
        await sleep(ms);
        log.push(`${name}-`);
      });
    await Promise.all([job('a1', ['a'], 30), job('a2', ['a'], 1), job('b', ['b'], 5)]);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b+')).toBeLessThan(log.indexOf('a1-'));
    expect(mutex.size).toBe(0);
  });

  it('takes several keys without deadlock, whatever order they are asked in', async () => {
    const mutex = new KeyedMutex();
    const done: string[] = [];
    await Promise.all([
      mutex.run(['x', 'y'], async () => void (await sleep(5), done.push('xy'))),
      mutex.run(['y', 'x'], async () => void (await sleep(5), done.push('yx'))),
    ]);
    expect(done.sort()).toEqual(['xy', 'yx']);
  });

  it('releases the key when the work fails', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run(['k'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run(['k'], () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
