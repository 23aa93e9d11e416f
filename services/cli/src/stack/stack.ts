import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureArtifacts } from './artifacts';
import { adminCredentials, assertKafkaLayout, components, type Component } from './components';
import { checkKafka, RedisWithoutAclError, underReplicatedPartitions, warmCoordinators } from './health';
import { ensureRedisAccess } from './redis-security';
import { HUB_PRINCIPALS } from './kafka-principals';
import { ensureKafkaAccess } from './kafka-security';
import { ensureMllpCertificates } from './mllp-certificates';
import { isAlive, runningPid, stopProcess, tail } from './processes';
import { endpoints, kafkaSecureAddress, type StackSettings } from './settings';

export interface ComponentStatus {
  readonly name: Component['name'];
  readonly address: string;
  readonly pid: number | undefined;
  readonly healthy: boolean;
  readonly problem?: string;
  /** What `up` did: reused a healthy server, or started one. */
  readonly action?: 'reused' | 'started';
  /** On node 1's row of a multi-node cluster: its under-replicated partitions (`topic-partition`). */
  readonly underReplicated?: readonly string[];
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function probe(c: Component): Promise<ComponentStatus> {
  const pid = runningPid(c.process);
  try {
    await c.health();
    return { name: c.name, address: c.address, pid, healthy: true };
  } catch (err) {
    return { name: c.name, address: c.address, pid, healthy: false, problem: describe(err) };
  }
}

async function waitHealthy(c: Component, deadline: number): Promise<void> {
  let last = 'not checked yet';
  while (Date.now() < deadline) {
    try {
      await c.health();
      return;
    } catch (err) {
      if (err instanceof RedisWithoutAclError) throw err;
      last = describe(err);
    }
    if (runningPid(c.process) === undefined) {
      throw new Error(
        `${c.name} exited during start-up (${last}). Last lines of ${c.process.logFile}:\n${tail(c.process.logFile)}`,
      );
    }
    await sleep(500);
  }
  throw new Error(
    `${c.name} did not become healthy in time (${last}). Last lines of ${c.process.logFile}:\n${tail(c.process.logFile)}`,
  );
}

/**
 * Brings the stack up: a healthy server is reused; a server that answers on its port but that we do
 * not own is an error (something else holds the port); otherwise it is started and waited for. The
 * local MLLP certificates are made first when missing (`.hub/tls/mllp/`, reused after).
 */
export async function stackUp(
  s: StackSettings,
  log: (line: string) => void = () => undefined,
): Promise<ComponentStatus[]> {
  assertKafkaLayout(s);
  ensureMllpCertificates(s, log);
  const all = components(s);
  const before = await Promise.all(all.map(probe));
  if (before.every((st) => st.healthy && st.pid !== undefined)) {
    await secureKafka(s, log);
    await ensureRedisAccess(s);
    return before.map((st) => ({ ...st, action: 'reused' as const }));
  }

  ensureArtifacts(s, log);
  const deadline = Date.now() + s.startTimeoutMs;
  const results = await Promise.all(
    all.map(async (c, i): Promise<ComponentStatus> => {
      const st = before[i];
      if (st?.healthy) {
        if (st.pid === undefined)
          throw new Error(
            `${c.name}: something not started by this stack already answers at ${c.address}; stop it or choose another port`,
          );
        return { ...st, action: 'reused' };
      }
      if (st?.pid === undefined) {
        log(`starting ${c.name}…`);
        c.start();
      } else {
        log(`${c.name} is running (pid ${st.pid}) but not healthy yet; waiting…`);
      }
      await waitHealthy(c, deadline);
      return {
        name: c.name,
        address: c.address,
        pid: runningPid(c.process),
        healthy: true,
        action: 'started',
      };
    }),
  );
  await secureKafka(s, log);
  await ensureRedisAccess(s);
  return results;
}

/** Retries `check` every 500 ms until it passes or `ms` have passed; rethrows the last failure. */
async function passesWithin(check: () => Promise<void>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await sleep(500);
    }
  }
}

const refusedAdmin = (address: string, err: unknown): Error =>
  new Error(`the authenticated Kafka listener ${address} refused a hub principal: ${describe(err)}`, {
    cause: err,
  });

/**
 * The hub principals' SCRAM users and ACLs (applied once per cluster and plan), then a check that the
 * SASL_SSL listener takes every hub principal's credentials (the broker loads them asynchronously, hence the
 * retries). Should the broker refuse credentials it once had — seen on local clusters after a restart,
 * for some users or all — the users are applied again through the loopback listener. Last, the broker's
 * internal topics and their coordinators are made ready (warmCoordinators), so no service starts on them.
 */
async function secureKafka(s: StackSettings, log: (line: string) => void): Promise<void> {
  ensureKafkaAccess(s, log);
  const address = kafkaSecureAddress(s);
  // Every hub principal, not just the admin: the broker has been seen to refuse some users and not others.
  const adminLogin = async () => {
    await Promise.all(HUB_PRINCIPALS.map((p) => checkKafka(address, adminCredentials(s, p.name))));
  };
  try {
    await passesWithin(adminLogin, 10_000);
  } catch (err) {
    if (!s.kafkaPlaintext) throw refusedAdmin(address, err);
    log(
      `the authenticated Kafka listener refused a hub principal (${describe(err)}); applying the users again`,
    );
    ensureKafkaAccess(s, log, { force: true });
    await passesWithin(adminLogin, 20_000).catch((second: unknown) => {
      throw refusedAdmin(address, second);
    });
  }
  await warmCoordinators(endpoints(s).kafka, s.kafkaPlaintext ? undefined : adminCredentials(s));
}

/** Stops the named servers (all when none is named), in reverse start order; idempotent. */
export async function stackDown(
  s: StackSettings,
  only?: readonly string[],
): Promise<Array<{ name: string; result: string }>> {
  const all = [...components(s)]
    .reverse()
    .filter((c) => only === undefined || only.length === 0 || only.includes(c.name));
  return Promise.all(all.map(async (c) => ({ name: c.name, result: await stopProcess(c.process) })));
}

/**
 * Live processes that belong to the stack — their command line mentions its state folder or their
 * working directory is inside it (Redis rewrites its command line) — empty after `stackDown`.
 */
export function processesUsing(s: StackSettings): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let command: string;
    let cwd: string;
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue; // exited while we looked, or not ours to inspect
    }
    const ours = command.includes(s.hubDir) || cwd === s.hubDir || cwd.startsWith(`${s.hubDir}/`);
    if (ours && isAlive(Number(entry))) found.push({ pid: Number(entry), command });
  }
  return found;
}

export async function stackStatus(s: StackSettings): Promise<ComponentStatus[]> {
  const rows = await Promise.all(components(s).map(probe));
  if (s.kafkaBrokers === 1 || !rows.some((r) => r.name.startsWith('kafka') && r.healthy)) return rows;
  const credentials = s.kafkaPlaintext ? undefined : adminCredentials(s);
  const underReplicated = await underReplicatedPartitions(endpoints(s).kafka, credentials);
  return rows.map((r) => (r.name === 'kafka' ? { ...r, underReplicated } : r));
}

/** The log file of one server (or all), for `homefirst stack logs`. */
export function stackLogs(
  s: StackSettings,
  name?: string,
  lines = 100,
): Array<{ name: string; file: string; text: string }> {
  return components(s)
    .filter((c) => name === undefined || c.name === name)
    .map((c) => ({
      name: c.name,
      file: c.process.logFile,
      text: existsSync(c.process.logFile)
        ? readFileSync(c.process.logFile, 'utf8').split('\n').slice(-lines).join('\n')
        : '(no log yet)',
    }));
}
