import { join } from 'node:path';
import {
  loadStackSettings,
  processesUsing,
  stackDown,
  stackStatus,
  stackUp,
} from '../../services/cli/src/stack';
import { runRepoScript } from '../support/repo-script';

// The smoke test must be able to fail: with each server stopped in turn, it does.
// And `stack down` leaves no process behind. Disruptive: runs alone, restores the stack after each case.

const repoRoot = join(__dirname, '..', '..');

const runSmokeAgainstCurrentStack = (): { status: number | null; output: string } =>
  runRepoScript(
    'node_modules/jest/bin/jest.js',
    ['--selectProjects', 'stack', '--ci', 'tests/stack/smoke.int.test.ts'],
    { cwd: repoRoot, timeout: 240_000, env: { ...process.env, HOMEFIRST_STACK: 'external' } },
  );

describe('the smoke test guards the stack', () => {
  const settings = loadStackSettings();
  const port = { kafka: settings.kafkaPort, registry: settings.registryPort };
  afterEach(async () => {
    await stackUp(settings);
  });

  it('passes against the healthy stack', async () => {
    await stackUp(settings);
    const run = runSmokeAgainstCurrentStack();
    expect(run.output).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(run.status).toBe(0);
  });

  it.each(['kafka', 'registry', 'redis'] as const)('fails when %s is down', async (server) => {
    // Given
    await stackDown(settings, [server]);
    const status = await stackStatus(settings);
    expect(status.find((r) => r.name === server)?.healthy).toBe(false);

    // When
    const run = runSmokeAgainstCurrentStack();

    // Then
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/Tests:\s+[12] failed/);
    const why =
      server === 'redis'
        ? new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${settings.redisPort}|Connection is closed`)
        : new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port[server]}`);
    expect(run.output).toMatch(why);
  });

  it('stack down leaves no process behind', async () => {
    await stackUp(settings);
    expect(processesUsing(settings).length).toBeGreaterThanOrEqual(3);
    await stackDown(settings);
    expect(processesUsing(settings)).toEqual([]);
  });
});
