import { uniqueName } from '@homefirst/testing';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { loadConfig } from '../config';
import { ValidationError } from '../errors';
import { createKafka } from '../kafka';
import { createLogger } from '../logger';
import { createProducer, sendDurably } from '../producer';
import { createTopicsAndWait } from '../topics';
import { readHistory, type HistoryRecord } from './read-history';

// readHistory against the real local Kafka (addresses from the jest global setup).

const config = loadConfig(process.env);
const logger = createLogger({ name: 'history-int', level: 'silent' });
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const topic = uniqueName('history-int');
const other = uniqueName('history-int-b');
const cutOver = Date.now() + 60_000;

async function readAll(options: {
  topics: string[];
  fromTimestamp?: number;
}): Promise<{ records: HistoryRecord[]; total: number; lags: number[] }> {
  const reader = readHistory(kafka, { ...options, logger });
  await reader.start();
  const records: HistoryRecord[] = [];
  const lags: number[] = [];
  try {
    for await (const batch of reader) {
      records.push(...batch.records);
      lags.push(batch.lag);
    }
  } finally {
    await reader.close();
  }
  return { records, total: reader.total, lags };
}

beforeAll(async () => {
  kafka = createKafka(config, logger);
  admin = kafka.admin();
  await admin.connect();
  await createTopicsAndWait(admin, [
    { topic, numPartitions: 3 },
    { topic: other, numPartitions: 1 },
  ]);
  producer = createProducer(kafka);
  await producer.connect();
  // 300 records stamped before the cut-over instant, 60 after it, spread over three partitions by key.
  const message = (i: number, timestamp: number) => ({
    key: `person-${i % 7}`,
    value: `event-${i}`,
    timestamp: String(timestamp),
  });
  await sendDurably(producer, {
    topic,
    messages: Array.from({ length: 300 }, (_, i) => message(i, cutOver - 3_600_000 + i)),
  });
  await sendDurably(producer, {
    topic,
    messages: Array.from({ length: 60 }, (_, i) => message(300 + i, cutOver + i)),
  });
  await sendDurably(producer, { topic: other, messages: [{ key: 'k', value: 'other-0' }] });
});

afterAll(async () => {
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic, other] }).catch(() => undefined);
  await admin.disconnect();
});

describe('readHistory', () => {
  it('given 360 records on three partitions, then every one is read once, each partition in offset order, and it ends', async () => {
    const { records, total, lags } = await readAll({ topics: [topic] });
    expect(total).toBe(360);
    expect(new Set(records.map((r) => r.value?.toString())).size).toBe(360);
    expect(records).toHaveLength(360);
    for (const partition of [0, 1, 2]) {
      const offsets = records.filter((r) => r.partition === partition).map((r) => Number(r.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    expect(lags.at(-1)).toBe(0);
  });

  it('given an instant, then only the records stamped at or after it are read', async () => {
    const { records, total } = await readAll({ topics: [topic], fromTimestamp: cutOver });
    expect(total).toBe(60);
    expect(records.every((r) => r.timestamp >= cutOver)).toBe(true);
    expect(records).toHaveLength(60);
  });

  it('given two topics, then both are read to their end marks', async () => {
    const { records } = await readAll({ topics: [topic, other] });
    expect(records.filter((r) => r.topic === other).map((r) => r.value?.toString())).toEqual(['other-0']);
    expect(records).toHaveLength(361);
  });

  it('given records written after the start, then they are not read (the read always ends)', async () => {
    const reader = readHistory(kafka, { topics: [other], logger });
    await reader.start();
    await sendDurably(producer, { topic: other, messages: [{ key: 'k', value: 'late' }] });
    const values: string[] = [];
    for await (const batch of reader) values.push(...batch.records.map((r) => String(r.value)));
    await reader.close();
    expect(values).toEqual(['other-0']);
  });

  it('given a caller that stops early, then the reader closes and the loop ends', async () => {
    const reader = readHistory(kafka, { topics: [topic], logger, maxBytes: 1024 });
    await reader.start();
    let batches = 0;
    for await (const _batch of reader) {
      batches += 1;
      break;
    }
    await reader.close();
    expect(batches).toBe(1);
  });

  it('given a topic that does not exist, then start says so', async () => {
    const reader = readHistory(kafka, { topics: [uniqueName('missing')], logger });
    await expect(reader.start()).rejects.toThrow(ValidationError);
    await expect(reader.start()).rejects.toThrow(/does not exist/);
  });
});
