import { Writable } from 'node:stream';
import { createProgress } from './progress';
import { progressFigures } from './figures';

function capture(): { stream: Writable; lines: () => unknown[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as unknown),
  };
}

describe('progressFigures', () => {
  it('given 500 done in 2 s with 1,500 to go, then 250 events/s and 6 s left', () => {
    expect(progressFigures({ done: 500, total: 2000, lag: 1500, elapsedMs: 2000 })).toEqual({
      done: 500,
      total: 2000,
      eventsPerSecond: 250,
      lag: 1500,
      etaSeconds: 6,
    });
  });

  it('given nothing done yet, then no rate and no ETA', () => {
    expect(progressFigures({ done: 0, total: 10, lag: 10, elapsedMs: 0 })).toMatchObject({
      eventsPerSecond: 0,
      etaSeconds: null,
    });
  });
});

describe('createProgress on a stream that is not a terminal', () => {
  it('writes a JSON line per interval and one when finished', () => {
    let clock = 0;
    const { stream, lines } = capture();
    const progress = createProgress({
      label: 'export',
      total: 300,
      stream,
      intervalMs: 1000,
      now: () => clock,
    });
    clock = 500;
    progress.advance(100, 200);
    expect(lines()).toEqual([]);
    clock = 1000;
    progress.advance(100, 100);
    clock = 2000;
    progress.advance(100, 0);
    progress.finish();
    expect(lines()).toEqual([
      { progress: 'export', done: 200, total: 300, eventsPerSecond: 200, lag: 100, etaSeconds: 1 },
      { progress: 'export', done: 300, total: 300, eventsPerSecond: 150, lag: 0, etaSeconds: 0 },
      { progress: 'export', done: 300, total: 300, eventsPerSecond: 150, lag: 0, etaSeconds: 0 },
    ]);
  });

  it('given a failure, then the last line says how far it got', () => {
    let clock = 0;
    const { stream, lines } = capture();
    const progress = createProgress({ label: 'rebuild', total: 10, stream, now: () => clock });
    clock = 1000;
    progress.advance(4, 6);
    progress.fail();
    expect(lines()).toEqual([
      { progress: 'rebuild', done: 4, total: 10, eventsPerSecond: 4, lag: 6, etaSeconds: 2 },
    ]);
  });
});
