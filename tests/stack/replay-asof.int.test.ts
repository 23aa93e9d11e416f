import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportFixture } from '../support/export-fixture';

// `homefirst replay asof T` over real topics equals `homefirst project` over the events recorded (or
// occurred) up to T, with now = T — the board as it stood then.

const fixture = new ExportFixture('asof-int', 30);
const dir = mkdtempSync(join(tmpdir(), 'homefirst-asof-int-'));
const file = (name: string) => join(dir, name);

beforeAll(() => fixture.start(), 180_000);
afterAll(() => fixture.stop());

/** `homefirst project` over the fixture's events that pass `keep`, with now = T. */
function projectedUpTo(
  keep: (event: ExportFixture['events'][number]) => boolean,
  at: string,
  name: string,
): unknown {
  writeFileSync(
    file(name),
    fixture.events
      .filter(keep)
      .map((e) => `${JSON.stringify(e)}\n`)
      .join(''),
  );
  const result = fixture.homefirst(['project', file(name), '--now', at, '--csv', file(`${name}.csv`)]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('homefirst replay asof', () => {
  const at = '2025-03-03T09:00:00.000Z';
  const atMs = Date.parse(at);

  it('--by recorded (the default) equals `homefirst project` over the events recorded up to T, sitrep CSV included', () => {
    const recorded = fixture.events.filter((e) => e.recordedAt.getTime() <= atMs).length;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(fixture.events.length);
    const result = fixture.homefirst([
      'replay',
      'asof',
      at,
      '--out',
      file('asof.json'),
      '--csv',
      file('asof.csv'),
    ]);
    expect([result.status, result.stderr.split('\n').filter((l) => l.startsWith('homefirst'))]).toEqual([
      0,
      [],
    ]);
    const asof = JSON.parse(readFileSync(file('asof.json'), 'utf8')) as { input: { events: number } };
    expect(asof.input.events).toBe(recorded);
    expect(asof).toEqual(projectedUpTo((e) => e.recordedAt.getTime() <= atMs, at, 'recorded.ndjson'));
    expect(readFileSync(file('asof.csv'), 'utf8')).toBe(readFileSync(file('recorded.ndjson.csv'), 'utf8'));
  });

  it('--by occurred equals `homefirst project` over the events that had occurred by T', () => {
    const result = fixture.homefirst(['replay', 'asof', at, '--by', 'occurred']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(
      projectedUpTo((e) => e.occurredAt.getTime() <= atMs, at, 'occurred.ndjson'),
    );
  });

  it.each([
    ['a bad time', ['replay', 'asof', 'monday'], {}, /^homefirst: monday is not an ISO 8601 instant/],
    ['a bad basis', ['replay', 'asof', at, '--by', 'arrival'], {}, /^homefirst: --by arrival is not one of/],
    [
      'a broker that is down',
      ['replay', 'asof', at],
      { HOMEFIRST_KAFKA_BROKERS: '127.0.0.1:9' },
      /^homefirst: Kafka could not be read/,
    ],
  ])('%s: one clear line, exit 1', (_what, args, env, message) => {
    const result = fixture.homefirst(args, env);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
