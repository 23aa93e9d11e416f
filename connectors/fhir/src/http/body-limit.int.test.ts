import { DEFAULT_MAX_INPUT_BYTES } from '@homefirst/runtime';
import type { RawEvent } from '@homefirst/schemas';
import { TopicReader } from '@homefirst/testing';
import { variant } from '../testing/corpus';
import { startHarness, type Harness } from '../testing/stack-harness';

// The default body limit against the real Kafka of the local stack: every body the endpoint takes fits in
// one Kafka message as its raw record, and a bigger one is refused before anything is written.

let harness: Harness;
let reader: TopicReader;

beforeAll(async () => {
  harness = await startHarness({}); // the connector's default limit
  reader = new TopicReader(harness.kafka, harness.codec, harness.prefix);
  await reader.start();
});

afterAll(async () => {
  await reader?.stop();
  await harness?.close();
});

/** The corpus admission as spell `spellId`, its narrative padded so the body is about `bytes` long. */
const admissionOfSize = (spellId: string, bytes: number): Buffer =>
  variant('encounter-admitted', (json) => {
    json.id = spellId;
    json.text = { status: 'generated', div: `<div>${'x'.repeat(bytes)}</div>` };
  });

const rawOf = (spellId: string): RawEvent[] =>
  reader
    .of('homefirst.raw.v1')
    .map((r) => r.event as RawEvent)
    .filter((e) => e.source.messageId?.startsWith(`Encounter/${spellId}/`) === true);

describe('the default body limit', () => {
  it('given a body just under it, then 201 once Kafka holds the whole body as its raw record', async () => {
    const body = admissionOfSize('LIMIT-UNDER-1', DEFAULT_MAX_INPUT_BYTES - 4 * 1024);
    expect(body.length).toBeLessThanOrEqual(DEFAULT_MAX_INPUT_BYTES);
    const response = await harness.send('POST', '/Encounter', body);
    expect(response.status).toBe(201);
    await reader.until('the raw copy', () => rawOf('LIMIT-UNDER-1').length === 1);
    expect(rawOf('LIMIT-UNDER-1')[0]?.payload.body.length).toBe(body.length);
  });

  it('given a body Kafka could not hold in one message (2 MiB), then 413 too-costly and nothing written', async () => {
    const response = await harness.send(
      'POST',
      '/Encounter',
      admissionOfSize('LIMIT-OVER-1', 2 * 1024 * 1024),
    );
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'too-costly' }],
    });
    // A later message is written and read back, so the refused one would have been seen by now.
    await harness.send('POST', '/Encounter', admissionOfSize('LIMIT-AFTER-1', 1024));
    await reader.until('the later raw copy', () => rawOf('LIMIT-AFTER-1').length === 1);
    expect(rawOf('LIMIT-OVER-1')).toEqual([]);
  });
});
