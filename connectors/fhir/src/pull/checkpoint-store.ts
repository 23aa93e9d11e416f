import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { START, type Checkpoint } from './checkpoint';

/** The pull checkpoint of one trust server, in Redis (`fhir:pull:checkpoint:<ods>:<hash of base URL>`). */
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
    return text === null ? START : (JSON.parse(text) as Checkpoint); // written by save only
  }

  /** Called only after everything read up to the checkpoint was acknowledged by Kafka. */
  async save(checkpoint: Checkpoint): Promise<void> {
    await this.redis.set(this.key, JSON.stringify(checkpoint));
  }
}
