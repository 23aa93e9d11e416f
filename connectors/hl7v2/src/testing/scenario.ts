import {
  createLogger,
  MemoryIdentityIndex,
  MemoryMessageDedupe,
  type PublishBatch,
  type RecordWriter,
} from '@homefirst/runtime';
import { createPersonKeyer, type HospitalEvent } from '@homefirst/schemas';
import { Hl7Pipeline, type MessageResult } from '../ingest/pipeline';
import { DEFAULT_MAPPING_SETTINGS, type MappingSettings } from '../mapping/settings';

/** The secret of test personKeys (at least 32 bytes; never a deployment's). */
export const TEST_PERSON_KEY_SECRET = 'homefirst-hl7v2-tests-person-key-secret';
export const testPersonKey = createPersonKeyer(TEST_PERSON_KEY_SECRET);
/** The hub's clock in pure tests. */
export const TEST_NOW = new Date('2025-06-01T12:00:00.000Z');

export interface ScenarioOptions {
  /** Identities the hub already learned: given. */
  readonly identities?: ReadonlyArray<{ orgCode: string; mrn: string; nhsNumber: string }>;
  readonly settings?: Partial<MappingSettings>;
  /** Replaces the memory writer (e.g. one that fails like Kafka when it is down). */
  readonly writer?: RecordWriter;
  readonly ackTimeoutMs?: number;
  /** The identity index's release lease and its clock (default 60 s of the real clock). */
  readonly lease?: { readonly ms: number; readonly now: () => number };
}

/**
 * given / when / then for the connector, without servers: the live pipeline with memory in place of Kafka
 * and Redis. `given({identities})` → `.when(message)` → the result, plus everything written.
 */
export function given(options: ScenarioOptions = {}) {
  const identity = new MemoryIdentityIndex(options.identities, options.lease);
  const dedupe = new MemoryMessageDedupe();
  const written: PublishBatch[] = [];
  const writer: RecordWriter = options.writer ?? {
    write: (batch) => {
      written.push(batch);
      return Promise.resolve();
    },
  };
  const pipeline = new Hl7Pipeline({
    mapping: { settings: { ...DEFAULT_MAPPING_SETTINGS, ...options.settings }, personKey: testPersonKey },
    identity,
    dedupe,
    writer,
    logger: createLogger({ name: 'hl7v2-test', level: 'silent' }),
    transport: 'MLLP',
    clock: () => TEST_NOW,
    ackTimeoutMs: options.ackTimeoutMs ?? 1_000,
  });
  return {
    pipeline,
    identity,
    dedupe,
    written,
    /** Every hospital event written so far, in order. */
    hospitalEvents: (): HospitalEvent[] => written.flatMap((batch) => batch.hospital ?? []),
    when: (message: string): Promise<MessageResult> =>
      pipeline.handleMessage(message, Buffer.from(message, 'utf8')),
  };
}

/** The parts of an event a mapping test pins down (recordedAt is the test clock; correlationId is random). */
export const essentials = (event: HospitalEvent) => ({
  type: event.type,
  occurredAt: event.occurredAt.toISOString(),
  personKey: event.personKey,
  source: event.source,
  payload: event.payload,
});
