import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { type ManagedProcess, runningPid, startDetached, stopProcess, tail } from '../stack/processes';
import type { StackSettings } from '../stack/settings';
import { endpoints } from '../stack/settings';
import { kafkaClientEnv } from '../stack/kafka-security';
import { callerNamesRedis, redisClientEnv } from '../stack/redis-security';
import { HUB_SERVICES, type HubService } from './catalogue';
import { ensureSignInSecrets } from './sign-in';

export interface ServiceStatus {
  readonly name: string;
  readonly pid: number | undefined;
  readonly healthy: boolean;
  readonly endpoint?: string;
  readonly action?: 'reused' | 'started';
  readonly problem?: string;
  /** How often its keeper started it again since `homefirst up`, and how the last run ended. */
  readonly restarts?: KeeperState;
}

/** What a service's keeper (bin/homefirst-keeper.sh) says of its restarts, in its state file. */
const keeperStateSchema = z.object({
  restarts: z.number().int().nonnegative(),
  lastExitCode: z.number().int(),
  lastExitAt: z.string(),
});
export type KeeperState = z.infer<typeof keeperStateSchema>;

/** The keeper that runs each service and starts it again when it ends unasked: see the script. */
export const KEEPER_SCRIPT = join(__dirname, '..', '..', 'bin', 'homefirst-keeper.sh');

const keeperStateFile = (s: StackSettings, svc: HubService): string =>
  join(s.hubDir, 'run', `${svc.name}.restarts.json`);

/** The keeper's state file, when it restarted the service at least once. */
export function keeperState(file: string): KeeperState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // no restart yet
  }
  const parsed = keeperStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a keeper's state`);
  return parsed.data;
}

const processOf = (s: StackSettings, svc: HubService): ManagedProcess => ({
  name: svc.name,
  pidFile: join(s.hubDir, 'run', `${svc.name}.pid`),
  logFile: join(s.hubDir, 'logs', `${svc.name}.log`),
});

function binPath(svc: HubService): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${svc.packageName}/package.json`);
  } catch {
    throw new Error(`${svc.packageName} is not installed; run npm install at the repository root`);
  }
  return join(dirname(manifest), 'bin', svc.bin);
}

async function healthy(svc: HubService): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${svc.opsPort}/healthz`, { signal: AbortSignal.timeout(1500) });
    return res.status === 200 ? undefined : `/healthz answered ${res.status}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Whether something listens on `port` already (a bind to it, on every address, is refused). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(true) : reject(err),
    );
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** The hub environment of the local stack: its addresses, unless the environment names others. */
export function hubEnv(s: StackSettings): NodeJS.ProcessEnv {
  const e = endpoints(s);
  return {
    HOMEFIRST_KAFKA_BROKERS: e.kafka,
    HOMEFIRST_REGISTRY_URL: e.registry,
    HOMEFIRST_REDIS_URL: e.redis,
    ...process.env,
  };
}

/**
 * The hub environment of a process that talks to the local Kafka as `principal`, on the authenticated
 * SASL_SSL listener with its own SCRAM credential (.hub/kafka-credentials/) — unless the caller's
 * environment names its own Kafka (brokers or SASL), which then wins whole.
 */
export function securedHubEnv(s: StackSettings, principal: string): NodeJS.ProcessEnv {
  const callerNamesKafka =
    process.env.HOMEFIRST_KAFKA_BROKERS !== undefined ||
    process.env.HOMEFIRST_KAFKA_SASL_MECHANISM !== undefined;
  return {
    ...hubEnv(s),
    ...(callerNamesKafka ? {} : kafkaClientEnv(s, principal)),
    ...withoutUndefined(process.env),
  };
}

const withoutUndefined = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/**
 * The environment every hub process gets: what depends on the stack's folder (certificate paths, unless
 * the caller's environment names others), the hub environment with the service's own Kafka principal and
 * Redis user, then the service's own.
 */
export function serviceEnv(s: StackSettings, svc: HubService): NodeJS.ProcessEnv {
  // Its own Redis user (no credentials for a service without Redis: blank is unset), unless the caller
  // names a Redis of its own.
  const ownRedis = callerNamesRedis(s, process.env)
    ? {}
    : svc.redisUser === undefined
      ? { HOMEFIRST_REDIS_USERNAME: '', HOMEFIRST_REDIS_PASSWORD_FILE: '' }
      : redisClientEnv(s, svc.redisUser);
  return {
    ...svc.stackEnv?.(s),
    ...(svc.kafkaPrincipal === undefined ? hubEnv(s) : securedHubEnv(s, svc.kafkaPrincipal)),
    ...ownRedis,
    HOMEFIRST_HTTP_PORT: String(svc.opsPort),
    ...svc.env,
  };
}

/** Starts every hub service that is not already running and healthy; waits until all answer /healthz. */
export async function servicesUp(
  s: StackSettings,
  log: (line: string) => void = () => undefined,
): Promise<ServiceStatus[]> {
  const deadline = Date.now() + 90_000;
  ensureSignInSecrets(s);
  return Promise.all(
    HUB_SERVICES.map(async (svc): Promise<ServiceStatus> => {
      const proc = processOf(s, svc);
      let action: 'reused' | 'started' = 'reused';
      if (runningPid(proc) === undefined) {
        await stopProcess(proc); // what is left of a keeper that was killed: its service holds the ports
        // Another hub's service (another clone, another HOMEFIRST_HUB_DIR) on the port would answer /healthz
        // for this one, which would have failed to start: say so instead of reporting it healthy.
        if (await portInUse(svc.opsPort))
          throw new Error(
            `${svc.name} cannot start: its port ${svc.opsPort} is in use by a process this hub did not start (another hub's ${svc.name}? stop that one with its own homefirst down)`,
          );
        log(`starting ${svc.name}…`);
        // Under its keeper, which starts it again if it ends unasked (the services leave that to a supervisor).
        startDetached(
          proc,
          'bash',
          [
            KEEPER_SCRIPT,
            svc.name,
            keeperStateFile(s, svc),
            process.execPath,
            ...(svc.nodeArgs ?? []),
            binPath(svc),
            ...svc.args,
          ],
          s.repoRoot,
          serviceEnv(s, svc),
        );
        action = 'started';
      }
      let problem = await healthy(svc);
      while (problem !== undefined && Date.now() < deadline) {
        if (runningPid(proc) === undefined) {
          throw new Error(
            `${svc.name} exited during start-up. Last lines of ${proc.logFile}:\n${tail(proc.logFile)}`,
          );
        }
        await sleep(300);
        problem = await healthy(svc);
      }
      if (problem !== undefined)
        throw new Error(
          `${svc.name} did not become healthy (${problem}). Last lines of ${proc.logFile}:\n${tail(proc.logFile)}`,
        );
      return {
        name: svc.name,
        pid: runningPid(proc),
        healthy: true,
        action,
        ...(svc.endpoint !== undefined && { endpoint: svc.endpoint }),
      };
    }),
  );
}

export async function servicesDown(s: StackSettings): Promise<Array<{ name: string; result: string }>> {
  return Promise.all(
    [...HUB_SERVICES]
      .reverse()
      .map(async (svc) => ({ name: svc.name, result: await stopProcess(processOf(s, svc)) })),
  );
}

export async function servicesStatus(s: StackSettings): Promise<ServiceStatus[]> {
  return Promise.all(
    HUB_SERVICES.map(async (svc) => {
      const problem = await healthy(svc);
      const restarts = keeperState(keeperStateFile(s, svc));
      return {
        name: svc.name,
        pid: runningPid(processOf(s, svc)),
        healthy: problem === undefined,
        ...(problem !== undefined && { problem }),
        ...(restarts !== undefined && { restarts }),
        ...(svc.endpoint !== undefined && { endpoint: svc.endpoint }),
      };
    }),
  );
}
