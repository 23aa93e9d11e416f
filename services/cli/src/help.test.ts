import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Every data-team command answers --help with its usage and exit 0 — through the built CLI, as a person runs it.
const cli = join(__dirname, '..', 'bin', 'homefirst.js');

describe('homefirst <command> --help', () => {
  it.each(
    [
      ['export', 'events'],
      ['export', 'columns'],
      ['replay', 'asof'],
      ['replay', 'rebuild'],
      ['replay', 'status'],
      ['remap'],
      ['deadletters', 'list'],
      ['deadletters', 'show'],
      ['deadletters', 'redrive'],
      ['measures', 'sitrep'],
    ].map((command) => [command.join(' '), command] as const),
  )('%s', (_name, command) => {
    const run = spawnSync(process.execPath, [cli, ...command, '--help'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: homefirst(-projector)? /);
  });
});
