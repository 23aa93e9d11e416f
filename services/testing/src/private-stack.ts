import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository root (this file is services/testing/{src,dist}/private-stack.*). */
export const repoRoot = resolve(__dirname, '..', '..', '..');
const CLI = join(repoRoot, 'services', 'cli', 'bin', 'homefirst.js');

export interface PrivateStackPorts {
  readonly kafka: number;
  readonly controller: number;
  /** Kafka's SASL_SSL listener; default: the controller port + 1. */
  readonly sasl?: number;
  readonly registry: number;
  readonly redis: number;
}

export interface PrivateStackOptions {
  /** Names the temporary hub folder. */
  readonly label: string;
  /** Ports of its own, never the shared stack's. */
  readonly ports: PrivateStackPorts;
  /** JVM heaps (HOMEFIRST_KAFKA_HEAP / HOMEFIRST_REGISTRY_HEAP); default: the CLI's. */
  readonly kafkaHeap?: string;
  readonly registryHeap?: string;
  /** A folder of its own for the stack's state (made when missing); default: a new temporary folder. */
  readonly hubDir?: string;
  /**
   * Kafka nodes (`homefirst stack up --brokers`): 1 (default) or 3, the others on the node 1 ports + 100
   * and + 200 (the CLI's NODE_PORT_STRIDE), named `kafka-2` and `kafka-3` in `up`/`down`.
   */
  readonly brokers?: 1 | 3;
}

/** The CLI's spacing of Kafka node ports (services/cli/src/stack/settings.ts NODE_PORT_STRIDE). */
const NODE_PORT_STRIDE = 100;

/** Whether something accepts TCP connections on the port (proves a server really is up, or down). */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * A stack of a disruptive test's own — Kafka, registry and Redis on its own ports with its state in a
 * temporary folder — started and stopped with the project's CLI (`homefirst stack up|down`), so stopping
 * a server never touches the stack other tests share.
 */
export class PrivateStack {
  readonly hubDir: string;
  /** The environment the CLI runs with (ports, folder, heaps). */
  readonly cliEnv: Readonly<Record<string, string | undefined>>;
  /** The addresses a hub process uses to reach this stack. */
  readonly hubEnv: {
    readonly HOMEFIRST_KAFKA_BROKERS: string;
    readonly HOMEFIRST_REGISTRY_URL: string;
    readonly HOMEFIRST_REDIS_URL: string;
    /** The stack's Redis admin (its password file exists once the stack is up). */
    readonly HOMEFIRST_REDIS_USERNAME: string;
    readonly HOMEFIRST_REDIS_PASSWORD_FILE: string;
  };

  constructor(readonly options: PrivateStackOptions) {
    const { ports } = options;
    if (options.hubDir !== undefined) mkdirSync(options.hubDir, { recursive: true });
    this.hubDir = options.hubDir ?? mkdtempSync(join(tmpdir(), `homefirst-${options.label}-`));
    this.cliEnv = {
      ...process.env,
      HOMEFIRST_HUB_DIR: this.hubDir,
      HOMEFIRST_KAFKA_PORT: String(ports.kafka),
      HOMEFIRST_KAFKA_CONTROLLER_PORT: String(ports.controller),
      HOMEFIRST_KAFKA_SASL_PORT: String(ports.sasl ?? ports.controller + 1),
      HOMEFIRST_REGISTRY_PORT: String(ports.registry),
      HOMEFIRST_REDIS_PORT: String(ports.redis),
      ...(options.kafkaHeap !== undefined && { HOMEFIRST_KAFKA_HEAP: options.kafkaHeap }),
      ...(options.registryHeap !== undefined && { HOMEFIRST_REGISTRY_HEAP: options.registryHeap }),
      HOMEFIRST_STACK_BROKERS: String(this.brokers),
    };
    this.hubEnv = {
      HOMEFIRST_KAFKA_BROKERS: this.kafkaPorts()
        .map((port) => `127.0.0.1:${port}`)
        .join(','),
      HOMEFIRST_REGISTRY_URL: `http://127.0.0.1:${ports.registry}/apis/ccompat/v7`,
      HOMEFIRST_REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
      // The CLI's user layout (services/cli/src/stack/redis-security.ts); the testing kit never imports the CLI.
      HOMEFIRST_REDIS_USERNAME: 'hub-admin',
      HOMEFIRST_REDIS_PASSWORD_FILE: join(this.hubDir, 'redis-credentials', 'hub-admin.password'),
    };
  }

  get brokers(): 1 | 3 {
    return this.options.brokers ?? 1;
  }

  /** Each Kafka node's plaintext client port, node 1 first. */
  kafkaPorts(): number[] {
    return Array.from({ length: this.brokers }, (_, i) => this.options.ports.kafka + NODE_PORT_STRIDE * i);
  }

  /** The pid of a running server of this stack (`kafka`, `kafka-2`, …), from its pid file. */
  pidOf(server: string): number | undefined {
    const file = join(this.hubDir, 'run', `${server}.pid`);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /** Runs `homefirst stack <args>` on this stack; resolves with its output, rejects with it on failure. */
  stack(...args: string[]): Promise<string> {
    return new Promise((done, fail) => {
      execFile(
        process.execPath,
        [CLI, 'stack', ...args],
        { cwd: repoRoot, env: this.cliEnv, timeout: 240_000, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (err)
            fail(new Error(`homefirst stack ${args.join(' ')} failed:\n${stdout}${stderr}`, { cause: err }));
          else done(`${stdout}${stderr}`);
        },
      );
    });
  }

  /**
   * Starts the stack (or some servers of it). With `attempts` > 1 a failed start is stopped and retried:
   * private ports in Linux's ephemeral range (32768–60999) can briefly be some client's source port.
   */
  async up(servers: readonly string[] = [], attempts = 1): Promise<string> {
    this.linkDevLibraries();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.stack('up', ...servers);
      } catch (err) {
        if (attempt >= attempts) throw err;
        await this.stack('down', ...servers).catch(() => undefined);
        await sleep(3000);
      }
    }
  }

  /**
   * A new stack folder gets the Kafka and Apicurio jars of the development stack's folder (`.hub/lib`, or
   * HOMEFIRST_HUB_DIR's) as hard links, when there are any: the CLI then finds them resolved (its stamp per
   * version) instead of running Maven twice, some 15 s. Hard links, so the CLI replacing an outdated
   * version here never touches the development stack's files; without them (another file system, no
   * `.hub/lib`) the CLI resolves the jars as before.
   */
  private linkDevLibraries(): void {
    const lib = join(this.hubDir, 'lib');
    const devLib = join(resolve(repoRoot, process.env.HOMEFIRST_HUB_DIR ?? '.hub'), 'lib');
    if (existsSync(lib) || !existsSync(devLib)) return;
    try {
      execFileSync('cp', ['-al', devLib, lib], { stdio: 'ignore' });
    } catch {
      rmSync(lib, { recursive: true, force: true }); // the CLI resolves them itself
    }
  }

  down(...servers: string[]): Promise<string> {
    return this.stack('down', ...servers);
  }

  /** For each of the stack's ports (every Kafka node's), whether something still listens on it. */
  listening(): Promise<boolean[]> {
    const { ports } = this.options;
    const nodeOne = [ports.kafka, ports.controller, ports.sasl ?? ports.controller + 1];
    const kafkaNodePorts = Array.from({ length: this.brokers - 1 }, (_, i) =>
      nodeOne.map((port) => port + NODE_PORT_STRIDE * (i + 1)),
    ).flat();
    const own = [ports.kafka, ports.controller, ports.registry, ports.redis];
    if (ports.sasl !== undefined) own.push(ports.sasl);
    return Promise.all([...own, ...kafkaNodePorts].map(portOpen));
  }

  /** Processes still alive from this stack (command line or working directory in its folder). */
  leftovers(): string[] {
    const found: string[] = [];
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        const cwd = readlinkSync(`/proc/${pid}/cwd`);
        if (command.includes(this.hubDir) || cwd.startsWith(this.hubDir))
          found.push(`${pid} ${command.slice(0, 120)}`);
      } catch {
        // gone meanwhile, or not ours to read: not a leftover of this stack
      }
    }
    return found;
  }

  /** Deletes the stack's folder (after `down`). */
  remove(): void {
    rmSync(this.hubDir, { recursive: true, force: true });
  }
}

/** The folder of the disruptive tests' shared private stack: one per checkout, so two checkouts never share it. */
const sharedStackDir = join(
  tmpdir(),
  `homefirst-disruptive-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}`,
);

/**
 * The private stack the disruptive tests that stop Kafka or Redis share (ports 29192, 29193, 29194, 28181,
 * 26479: below Linux's ephemeral range, 32768–60999, so no client's source port can hold one when Kafka
 * restarts; a stack on 49092 failed to bind it that way on a restart in the middle of a test). The disruptive project runs in band, one file at a time: the first file's `up` starts it, a later
 * file's `up` finds its servers healthy and reuses them (or restarts whatever an earlier file left stopped),
 * and each file stops and restarts servers inside it as before. Starting the JVMs once instead of once per
 * file is the point. The disruptive project's global setup removes a stack left by an interrupted run and
 * its global teardown stops this one (`stopSharedPrivateStack`), checking that nothing is left behind.
 */
export function sharedPrivateStack(): PrivateStack {
  return new PrivateStack({
    label: 'disruptive',
    ports: { kafka: 29192, controller: 29193, registry: 28181, redis: 26479 },
    kafkaHeap: '512m',
    registryHeap: '384m',
    hubDir: sharedStackDir,
  });
}

/**
 * Stops the shared private stack, if there is one, and deletes its folder; fails when a server still
 * listens or a process of it is still alive afterwards.
 */
export async function stopSharedPrivateStack(): Promise<void> {
  if (!existsSync(sharedStackDir)) return;
  const stack = sharedPrivateStack();
  const down = await stack.down();
  const leftovers = stack.leftovers();
  const listening = await stack.listening();
  stack.remove();
  if (/fail|still running/i.test(down) || leftovers.length > 0 || listening.some(Boolean))
    throw new Error(
      `the disruptive tests' private stack did not stop cleanly:\n${down}\nleft: ${leftovers.join('; ')}\nlistening: ${listening.join(', ')}`,
    );
}
