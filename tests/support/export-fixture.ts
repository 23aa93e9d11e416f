import { createCodec } from '@homefirst/runtime';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { resolve } from 'node:path';
import { type HomefirstEvent } from '@homefirst/schemas';
import { HubStack } from '@homefirst/testing';
import { fillTopics } from '../../services/cli/src/bench/fill';
import { population } from '../../services/projector/src/testing/population';
import { buildProjector } from '../../services/projector/src/testing/process';

const root = resolve(__dirname, '../..');
const homefirstBin = resolve(root, 'services/cli/bin/homefirst.js');

/** Builds the projector (under its build lock) and then the CLI, so tests run the real commands. */
export function buildCli(): void {
  buildProjector();
  const result = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/typescript/bin/tsc'), '-b', 'services/cli'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`tsc -b services/cli failed:\n${result.stdout}${result.stderr}`);
}

/**
 * A test's own topics filled with a small synthetic city (hospital and council events of `persons` people),
 * some of them written twice right after the first time, as an at-least-once writer retrying does.
 */
export class ExportFixture {
  readonly stack: HubStack;
  readonly events: HomefirstEvent[];
  readonly copies: HomefirstEvent[];

  constructor(label: string, persons: number) {
    this.stack = new HubStack(label);
    this.events = population({
      persons,
      seed: 23,
      start: new Date('2025-03-01T00:00:00Z'),
      spreadHours: 24 * 5,
    });
    this.copies = this.events.slice(3, 23);
  }

  async start(): Promise<void> {
    buildCli();
    await this.stack.start();
    const codec = createCodec(this.stack.config, this.stack.prefix);
    // Each copy right after its original: same key, same partition, a few records later.
    const written = this.events.flatMap((event) => (this.copies.includes(event) ? [event, event] : [event]));
    await fillTopics(this.stack.kafka, codec, this.stack.prefix, written);
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }

  /** The environment the CLI gets: the stack's addresses and this test's topic prefix. */
  env(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
    return { ...process.env, HOMEFIRST_TOPIC_PREFIX: this.stack.prefix, ...extra };
  }

  /** Runs `homefirst …` and waits for it. */
  homefirst(args: readonly string[], extra: Readonly<Record<string, string>> = {}): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [homefirstBin, ...args], {
      env: this.env(extra),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  }
}
