import { ConfigError } from './errors';
import { runMain } from './run-main';
import { capturingLogger } from './testing/captured-logs';

describe('runMain', () => {
  it('logs a failing main as fatal with code and retriable, then exits 1', async () => {
    const { logger, lines } = capturingLogger('main-test');
    const exited = new Promise<number>((resolve) =>
      runMain(() => Promise.reject(new ConfigError('HOMEFIRST_LOG_LEVEL: bad')), { logger, exit: resolve }),
    );
    expect(await exited).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'fatal',
      code: 'CONFIG_INVALID',
      retriable: false,
      msg: 'fatal: HOMEFIRST_LOG_LEVEL: bad',
    });
  });

  it('reports errors that are not hub errors as UNEXPECTED', async () => {
    const { logger, lines } = capturingLogger('main-test');
    const exited = new Promise<number>((resolve) =>
      runMain(() => Promise.reject(new TypeError('oops')), { logger, exit: resolve }),
    );
    expect(await exited).toBe(1);
    expect(lines[0]).toMatchObject({
      code: 'UNEXPECTED',
      retriable: false,
      err: { type: 'TypeError', message: 'oops' },
    });
  });

  it('does not exit when main resolves', async () => {
    const exit = jest.fn();
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    runMain(
      async () => {
        await Promise.resolve();
        finished();
      },
      { exit },
    );
    await done;
    await new Promise((resolve) => setImmediate(resolve));
    expect(exit).not.toHaveBeenCalled();
  });
});
