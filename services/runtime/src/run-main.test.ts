import { Writable } from 'node:stream';
import { ConfigError } from './errors';
import { createLogger } from './logger';
import { runMain } from './run-main';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ name: 'main-test' }, stream), lines };
}

describe('runMain', () => {
  it('logs a failing main as fatal with code and retriable, then exits 1', async () => {
    const { logger, lines } = capture();
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
    const { logger, lines } = capture();
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
