import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@homefirst/runtime';
import { feedSamples, type FeedEvent } from '@homefirst/schemas';
import { stackCodec, uniqueName } from '@homefirst/testing';
import type { Admin } from 'kafkajs';
import { addCouncil, removeCouncil } from '../../services/cli/src/councils/access';
import { FEED_ROUTER_ID_PREFIX, councilFeedTopic } from '../../services/cli/src/stack/kafka-principals';
import { catalogueTopicsAsAdmin, kafkaAs, stackSettings } from '../support/secure-kafka';

// The council's Python consumer (consumer.py of its `homefirst councils add` bundle) with Confluent's Python
// client, over SASL_SSL with SCRAM-SHA-512, reads and decodes its feed. Debian's python3-confluent-kafka
// links librdkafka 2.0.2, which Kafka 4 refuses (librdkafka#4895). The test runs either the client that
// scripts/build-python-kafka.sh builds from GitHub sources into .python-kafka (HOMEFIRST_PYTHON_KAFKA_PREFIX),
// or Debian's python3-confluent-kafka loading the librdkafka 2.8.0 that scripts/build-librdkafka.sh builds
// from Debian's source into .librdkafka (HOMEFIRST_LIBRDKAFKA_PREFIX; CI does). Without either it is skipped
// and says so, except in CI, where it fails.

const ROOT = join(__dirname, '..', '..');
const PREFIX = process.env.HOMEFIRST_PYTHON_KAFKA_PREFIX ?? join(ROOT, '.python-kafka');
const LIBRDKAFKA = process.env.HOMEFIRST_LIBRDKAFKA_PREFIX ?? join(ROOT, '.librdkafka');
/** The environment consumer.py runs with: the built client, else Debian's with the built librdkafka. */
const clientEnv: Record<string, string> | undefined = existsSync(join(PREFIX, 'python', 'confluent_kafka'))
  ? { PYTHONPATH: join(PREFIX, 'python') }
  : existsSync(join(LIBRDKAFKA, 'lib', 'librdkafka.so.1'))
    ? { LD_LIBRARY_PATH: join(LIBRDKAFKA, 'lib') }
    : undefined;
const built = clientEnv !== undefined;
if (!built) {
  const missing = `no client built in ${PREFIX} or ${LIBRDKAFKA} (scripts/build-librdkafka.sh)`;
  if (process.env.CI === 'true') throw new Error(`python-council: ${missing}; .ci/run builds one`);
  process.stderr.write(`python-council: skipped, ${missing}\n`);
}

/** Runs a bundle's consumer.py with the locally built client; its exit status, stdout and stderr. */
function runConsumer(bundle: string, script: string, args: readonly string[]) {
  return spawnSync('/usr/bin/python3', [script, ...args], {
    cwd: bundle,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...clientEnv },
  });
}

(built ? describe : describe.skip)("a council's Python consumer (confluent-kafka, SCRAM over TLS)", () => {
  const laCode = 'E99000005';
  const bundle = mkdtempSync(join(tmpdir(), 'council-python-'));
  const feedEvent = feedSamples[0] as FeedEvent;
  let admin: Admin;

  beforeAll(async () => {
    admin = await catalogueTopicsAsAdmin();
    await addCouncil(stackSettings, laCode, { outDir: bundle, actor: 'python-council-test' });
    const value = await stackCodec(loadConfig()).encodeFeed(laCode, { ...feedEvent, laCode });
    const router = kafkaAs('hub-feed-router').producer({
      transactionalId: uniqueName(FEED_ROUTER_ID_PREFIX),
      maxInFlightRequests: 1,
      idempotent: true,
    });
    await router.connect();
    const transaction = await router.transaction();
    await transaction.send({
      topic: councilFeedTopic(laCode),
      messages: [{ key: feedEvent.personKey, value }],
    });
    await transaction.commit();
    await router.disconnect();
  }, 60_000);
  afterAll(async () => {
    await removeCouncil(stackSettings, laCode, 'python-council-test').catch(() => undefined);
    await admin.deleteTopics({ topics: [councilFeedTopic(laCode)] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(bundle, { recursive: true, force: true });
  });

  it('given the bundle, when consumer.py runs, then it reads its feed event and decodes it with the registry', () => {
    const run = runConsumer(bundle, 'consumer.py', ['--max-messages', '1', '--idle-seconds', '30']);
    expect(run.stderr).not.toMatch(/Error|error/);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { event } = JSON.parse(lines[0]!) as { event: { eventId: string; laCode: string; type: string } };
    expect(event).toMatchObject({ eventId: feedEvent.eventId, laCode, type: feedEvent.type });
  }, 70_000);

  it('given a wrong password, when consumer.py runs, then the broker refuses the login', () => {
    const script = readFileSync(join(bundle, 'consumer.py'), 'utf8').replace(
      /"sasl\.password": "[^"]*"/,
      '"sasl.password": "not-the-password"',
    );
    writeFileSync(join(bundle, 'wrong-password.py'), script, { mode: 0o600 });
    const run = runConsumer(bundle, 'wrong-password.py', ['--max-messages', '1', '--idle-seconds', '10']);
    // librdkafka reports the refused login (and retries it); consumer.py reads nothing and stops when idle.
    expect(run.stderr).toMatch(/SASL authentication error: Authentication failed/);
    expect(run.stdout).toBe('');
  }, 70_000);
});
