import { onShutdown } from './shutdown';
import { capturingLogger } from './testing/captured-logs';

describe('onShutdown', () => {
  it('closes components in reverse order of registration, then exits 0', async () => {
    const { logger } = capturingLogger('shutdown-test', 'debug');
    const exit = jest.fn();
    const closed: string[] = [];
    const shutdown = onShutdown(logger, { signals: [], exit });
    for (const name of ['ops-server', 'producer', 'consumer']) {
      shutdown.register(name, () => {
        closed.push(name);
        return Promise.resolve();
      });
    }
    await shutdown.shutdown('test');
    expect(closed).toEqual(['consumer', 'producer', 'ops-server']);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('fail() closes everything like shutdown, then exits 1 so a supervisor restarts the process', async () => {
    const { logger } = capturingLogger('shutdown-test', 'debug');
    const exit = jest.fn();
    const closed: string[] = [];
    const shutdown = onShutdown(logger, { signals: [], exit });
    shutdown.register('producer', () => {
      closed.push('producer');
      return Promise.resolve();
    });
    await shutdown.fail('consumer crashed');
    expect(closed).toEqual(['producer']);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('logs a failing or hanging hook, still closes the rest, and exits 1', async () => {
    const { logger, lines } = capturingLogger('shutdown-test', 'debug');
    const exit = jest.fn();
    const closed: string[] = [];
    const shutdown = onShutdown(logger, { signals: [], exit, hookTimeoutMs: 50 });
    shutdown.register('redis', () => {
      closed.push('redis');
      return Promise.resolve();
    });
    shutdown.register('hangs', () => new Promise<void>(() => undefined));
    shutdown.register('throws', () => Promise.reject(new Error('broker gone')));
    await shutdown.shutdown('test');

    expect(closed).toEqual(['redis']);
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
    const failures = lines.filter((line) => line.level === 'error');
    expect(failures.map((line) => line.hook)).toEqual(['throws', 'hangs']);
    expect(failures[1]?.msg).toContain('hangs did not close within 50 ms');
  });

  it('runs the hooks once however often it is triggered', async () => {
    const { logger } = capturingLogger('shutdown-test', 'debug');
    const exit = jest.fn();
    const close = jest.fn(() => Promise.resolve());
    const shutdown = onShutdown(logger, { signals: [], exit });
    shutdown.register('once', close);
    await Promise.all([shutdown.shutdown('a'), shutdown.shutdown('b')]);
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it('starts on a signal and exits at once on a second one', async () => {
    const { logger } = capturingLogger('shutdown-test', 'debug');
    const exit = jest.fn();
    let release: () => void = () => undefined;
    const shutdown = onShutdown(logger, { signals: ['SIGUSR2'], exit });
    shutdown.register('slow', () => new Promise<void>((resolve) => (release = resolve)));
    try {
      process.emit('SIGUSR2', 'SIGUSR2');
      process.emit('SIGUSR2', 'SIGUSR2');
      expect(exit).toHaveBeenCalledWith(1);
      release();
      await shutdown.shutdown('already running');
      expect(exit).toHaveBeenLastCalledWith(0);
    } finally {
      shutdown.dispose();
    }
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
