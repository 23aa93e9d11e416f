import { join } from 'node:path';
import { createKafka, createLogger } from '@homefirst/runtime';
import { createCatalogueTopics, sharedPrivateStack } from '@homefirst/testing';
import type { FastifyInstance } from 'fastify';
import { loadCouncilConfig } from '../config';
import { BUILT_IN_MAPPINGS_DIR, detectMapping, loadMapping } from '../mapping-files/load';
import { ingestCsvFile, type FileIngestOptions } from '../csv/file-ingest';
import { margaretJourney } from '../testing/corpus';
import { writeSyntheticCsv } from '../testing/generate';
import { startCouncilRuntime, type CouncilRuntime } from '../wiring';
import { buildRecordsApp, RECORDS_PATH } from './server';

// Disruptive: stops Kafka. It runs on the disruptive tests' private stack (sharedPrivateStack), never the
// shared dev stack: `homefirst stack up|down` with HOMEFIRST_HUB_DIR in a temp dir, stopped by the
// disruptive project's global teardown.
const TOKEN = 'liverpool-disruptive-token-0001';
describe('council connector when Kafka goes down (private stack)', () => {
  const stack = sharedPrivateStack();
  let runtime: CouncilRuntime | undefined;
  let app: FastifyInstance | undefined;
  /** A start that fails (a port briefly held by something else) is stopped and retried. */
  const stackUp = async (): Promise<void> => {
    await stack.up([], 3);
  };

  beforeAll(async () => {
    await stackUp();
  }, 400_000);

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
  }, 120_000);

  it('given Kafka stops, then a post is refused 503 (retriable) after the send deadline, a CSV run stops resumable, and both go through once Kafka is back', async () => {
    const env = {
      ...process.env,
      ...stack.hubEnv,
      HOMEFIRST_TOPIC_PREFIX: 'disruptive.',
      HOMEFIRST_COUNCIL_SEND_TIMEOUT_MS: '3000',
    };
    const config = loadCouncilConfig(env, { requireTokens: false });
    const logger = createLogger({ name: 'council-disruptive', level: 'silent' });
    await createCatalogueTopics(createKafka(config.hub, logger), 'disruptive.');

    runtime = await startCouncilRuntime(config, logger);
    app = buildRecordsApp({
      ingest: runtime.ingest,
      tokens: new Map([[TOKEN, 'E08000012']]),
      maxRecordsPerRequest: 10,
      mappingByName: (name) => loadMapping(name, [BUILT_IN_MAPPINGS_DIR]),
      logger,
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const post = async (record: unknown) => {
      const response = await fetch(`${base}${RECORDS_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(record),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as Record<string, unknown>,
      };
    };
    const [referral, scheduled] = margaretJourney;

    expect((await post(referral)).status).toBe(200);

    // When Kafka stops
    await stack.down('kafka');
    const refused = await post(scheduled);
    const file = join(stack.hubDir, 'export.csv');
    await writeSyntheticCsv(file, 2_000, { tag: 'DOWN' });
    // The same file, mapping and batch size for the run Kafka cuts short and for the resumed run.
    const csvIngest: FileIngestOptions = {
      file,
      mappingFor: (header) => detectMapping(header, [BUILT_IN_MAPPINGS_DIR]),
      ingest: runtime.fileIngest,
      target: runtime.target,
      logger,
      batchSize: 200,
    };
    const csvRun = ingestCsvFile(csvIngest);

    // Then
    expect(refused).toMatchObject({
      status: 503,
      retryAfter: '5',
      body: { retriable: true, code: 'UNAVAILABLE' },
    });
    await expect(csvRun).rejects.toMatchObject({ retriable: true });

    // When Kafka is back, the same post and the same file go through
    await stackUp();
    const deadline = Date.now() + 60_000;
    let accepted = await post(scheduled);
    while (accepted.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      accepted = await post(scheduled);
    }
    expect(accepted).toMatchObject({ status: 200, body: { results: [{ status: 'accepted' }] } });
    const resumed = await ingestCsvFile(csvIngest);
    expect(resumed).toMatchObject({ complete: true, rows: 2_000 });
    expect(resumed.accepted + resumed.duplicates).toBe(2_000);
  });
});
