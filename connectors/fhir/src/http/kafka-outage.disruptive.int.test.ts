import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HospitalEvent } from '@homefirst/schemas';
import { corpus, variant } from '../testing/corpus';
import { REPO_ROOT } from '../testing/processes';
import { startHarness, TopicReader, type Harness } from '../testing/stack-harness';

// Stop Kafka mid-stream: senders get 503, nothing is acknowledged that was not written, and after Kafka
// returns the resend succeeds with no duplicate event. Runs on a private stack of its own (ports 49092,
// 49093, 48081, 46379; state in a temp folder) started with the project's CLI: the shared stack is never
// touched.

const CLI = join(REPO_ROOT, 'services', 'cli', 'bin', 'homefirst.js');
const hubDir = mkdtempSync(join(tmpdir(), 'homefirst-fhir-outage-'));
const stackEnv = {
  ...process.env,
  HOMEFIRST_HUB_DIR: hubDir,
  HOMEFIRST_KAFKA_PORT: '49092',
  HOMEFIRST_KAFKA_CONTROLLER_PORT: '49093',
  HOMEFIRST_REGISTRY_PORT: '48081',
  HOMEFIRST_REDIS_PORT: '46379',
  HOMEFIRST_KAFKA_HEAP: '512m',
  HOMEFIRST_REGISTRY_HEAP: '384m',
};
const privateStack = {
  HOMEFIRST_KAFKA_BROKERS: '127.0.0.1:49092',
  HOMEFIRST_REGISTRY_URL: 'http://127.0.0.1:48081/apis/ccompat/v7',
  HOMEFIRST_REDIS_URL: 'redis://127.0.0.1:46379',
};

function stack(...args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, 'stack', ...args], {
    env: stackEnv,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (result.status !== 0)
    throw new Error(`homefirst stack ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Processes of the private stack still alive (command line or working directory in its folder). */
function leftovers(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (command.includes(hubDir) || cwd.startsWith(hubDir)) found.push(`${pid} ${command.slice(0, 120)}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

let harness: Harness | undefined;
let reader: TopicReader | undefined;

beforeAll(() => {
  stack('up');
}, 300_000);

afterAll(async () => {
  await reader?.stop().catch(() => undefined);
  await harness?.close().catch(() => undefined);
  stack('down');
  expect(leftovers()).toEqual([]);
  rmSync(hubDir, { recursive: true, force: true });
}, 120_000);

/** A sender honouring 503: resends the same bytes until accepted (here every second, for at most 90 s). */
async function resendUntilAccepted(send: () => Promise<{ status: number }>): Promise<number> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { status } = await send();
    if (status !== 503 || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const admission = (id: string) =>
  variant('encounter-admitted', (json) => {
    json.id = id;
  });

describe('Kafka outage', () => {
  it('given Kafka stops mid-stream, then senders get 503 and nothing unwritten is acknowledged; when it returns, resends succeed and each event is in Kafka once', async () => {
    harness = await startHarness({
      env: { ...process.env, ...privateStack },
      publishTimeoutMs: 3000,
      partitions: 1,
    });
    const h = harness;
    reader = new TopicReader(h.kafka, h.codec, h.prefix);
    await reader.start();
    const r = reader;

    // Given a message accepted while Kafka is up.
    expect((await h.send('POST', '/Encounter', admission('OUTAGE-A'))).status).toBe(201);

    // When Kafka stops.
    stack('down', 'kafka');
    const whileDown = await h.send('POST', '/Encounter', admission('OUTAGE-B'));
    expect(whileDown.status).toBe(503);
    expect(whileDown.headers.get('retry-after')).toBe('10');
    expect(whileDown.json).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'transient' }],
    });
    const resentWhileDown = await h.send('POST', '/Encounter', admission('OUTAGE-B'));
    expect(resentWhileDown.status).toBe(503);
    const otherWhileDown = await h.send(
      'PUT',
      '/Encounter/LUH-SP-2025-004711',
      corpus('encounter-transferred'),
    );
    expect(otherWhileDown.status).toBe(503);

    // Then Kafka returns and the senders resend.
    stack('up');
    expect([200, 201]).toContain(
      await resendUntilAccepted(() => h.send('POST', '/Encounter', admission('OUTAGE-B'))),
    );
    expect(
      await resendUntilAccepted(() =>
        h.send('PUT', '/Encounter/LUH-SP-2025-004711', corpus('encounter-transferred')),
      ),
    ).toBe(200);
    expect((await h.send('POST', '/Encounter', admission('OUTAGE-C'))).status).toBe(201);

    const spells = (): string[] =>
      r
        .hospital()
        .map((rec) => (rec.event as HospitalEvent).payload)
        .flatMap((p) => ('spellId' in p && p.spellId ? [p.spellId] : []));
    await r.until(
      'every acknowledged message',
      () => ['OUTAGE-A', 'OUTAGE-B', 'OUTAGE-C', 'LUH-SP-2025-004711'].every((id) => spells().includes(id)),
      60_000,
    );
    // Let anything late arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // Each record once (by offset): the same eventId twice would be a second copy written to the topic.
    const eventIds = r.hospital().map((rec) => rec.event.eventId);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    expect(spells().sort()).toEqual([
      'LUH-SP-2025-004711',
      'LUH-SP-2025-004711',
      'OUTAGE-A',
      'OUTAGE-B',
      'OUTAGE-C',
    ]);
    const rawIds = r.of('homefirst.raw.v1').map((rec) => rec.event.eventId);
    expect(new Set(rawIds).size).toBe(rawIds.length);
  }, 240_000);
});
