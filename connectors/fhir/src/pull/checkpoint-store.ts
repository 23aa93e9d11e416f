import { createHash } from 'node:crypto';
import { storedRecord } from '@homefirst/runtime';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { START, type Checkpoint } from './checkpoint';

const checkpointSchema = z.object({
  lastUpdated: z.string().nullable(),
  versionsAtLastUpdated: z.array(z.string()),
});

/** `{v: 1, ...checkpoint}`; a checkpoint stored before the version (without `v`) is read as version 1. */
const checkpointRecord = storedRecord('pull checkpoint', 1, checkpointSchema);

/**
 * The pull checkpoint of one trust server, in Redis (`fhir:pull:checkpoint:<ods>:<hash of base URL>`).
 * A stored checkpoint that does not parse is an error naming its key (UnreadableStoredRecordError): the poller
 * stops rather than read the trust's history again from the start, or skip it.
 */
export class CheckpointStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    ods: string,
    baseUrl: string,
  ) {
    this.key = `fhir:pull:checkpoint:${ods}:${createHash('sha256').update(baseUrl).digest('hex').slice(0, 16)}`;
  }

  async load(): Promise<Checkpoint> {
    const text = await this.redis.get(this.key);
    if (text === null) return START;
    const { lastUpdated, versionsAtLastUpdated } = checkpointRecord.parse(this.key, text);
    return { lastUpdated, versionsAtLastUpdated };
  }

  /** Called only after everything read up to the checkpoint was acknowledged by Kafka. */
  async save(checkpoint: Checkpoint): Promise<void> {
    await this.redis.set(
      this.key,
      checkpointRecord.serialise({
        lastUpdated: checkpoint.lastUpdated,
        versionsAtLastUpdated: [...checkpoint.versionsAtLastUpdated],
      }),
    );
  }
}
