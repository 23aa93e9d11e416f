import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderReadModels } from '../readmodels/snapshot';
import { population } from '../testing/population';
import { buildProjector, repoRoot } from '../testing/process';
import { projectAll } from './project';

// `homefirst-projector project <events.ndjson> [--now]`: the same pure projections over a file, as JSON.

describe('homefirst-projector project (the built command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'homefirst-project-'));
  const events = population({
    persons: 40,
    seed: 5,
    start: new Date('2025-03-01T00:00:00Z'),
    spreadHours: 24 * 5,
  });
  const file = join(dir, 'events.ndjson');
  const bin = resolve(repoRoot(), 'services/projector/bin/homefirst-projector.js');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, 'project', ...args], { encoding: 'utf8' });

  beforeAll(() => {
    buildProjector();
    writeFileSync(file, `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a file of events as `map` prints them, then it prints the read models at --now, as the pure projection has them', () => {
    const result = run(file, '--now', '2025-03-05T12:00:00Z', '--csv', join(dir, 'sitrep.csv'));
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    const expected = renderReadModels(projectAll(events), new Date('2025-03-05T12:00:00Z'));
    expect(printed).toEqual({
      input: { events: events.length, skipped: 0, invalid: 0 },
      ...JSON.parse(JSON.stringify(expected)),
    });
    expect(readFileSync(join(dir, 'sitrep.csv'), 'utf8')).toBe(expected.sitrepCsv);
  });

  it('given a bed-day cost, then costs follow it', () => {
    const result = run(file, '--now', '2025-03-05T12:00:00Z', '--bed-day-cost', '500');
    const printed = JSON.parse(result.stdout) as { queue: { excessBedDays: number; costGbp: number } };
    expect(printed.queue.costGbp).toBe(printed.queue.excessBedDays * 500);
  });

  it('given invalid lines, then it projects the rest, names the lines on stderr and exits 1', () => {
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, [JSON.stringify(events[0]), '{"type":"PatientAdmitted"}', 'nonsense'].join('\n'));
    const result = run(broken, '--now', '2025-03-05T12:00:00Z');
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as { input: unknown }).input).toEqual({
      events: 1,
      skipped: 0,
      invalid: 2,
    });
    expect(result.stderr).toContain('"invalidLine":2');
    expect(result.stderr).toContain('"invalidLine":3');
  });

  it('given a bad --now, then it is a usage error (exit 2)', () => {
    expect(run(file, '--now', 'tomorrow').status).toBe(2);
  });
});
