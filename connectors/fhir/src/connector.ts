import { GroupCommitPublisher, IdentityIndex, MessageDedupe, type Logger } from '@homefirst/runtime';
import { createPersonKeyer, type EventCodec } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import { FhirIngest } from './ingest/fhir-ingest';
import { fhirMetrics } from './ingest/metrics';
import { SpellStore } from './ingest/spell-store';

/**
 * How long a write keeps trying after the sender stopped waiting (it got a 503 at the publish timeout).
 * A resend within this window joins the running write instead of making a second copy.
 */
export const PUBLISH_GIVE_UP_MS = 15 * 60_000;

export interface IngestDependencies {
  readonly producer: Producer;
  /** A second producer for refusals (see FhirIngestOptions.refusals); default: `producer`. */
  readonly refusalProducer?: Producer;
  readonly codec: EventCodec;
  /** A client whose keyPrefix isolates this deployment's keys. */
  readonly redis: Redis;
  readonly topicPrefix: string;
  readonly personKeySecret: string;
  readonly logger: Logger;
  /** The largest body taken, pushed, pulled or notified (HOMEFIRST_FHIR_MAX_BODY_BYTES). */
  readonly maxInputBytes?: number;
}

/**
 * The write path, assembled from the runtime's pieces: durable publisher, dedupe, identity index. The
 * publisher group-commits: concurrent requests' records go to Kafka in one produce request, each request
 * answered only once its own records are acknowledged (as the HL7 listener does).
 */
export function createIngest(deps: IngestDependencies): FhirIngest {
  const publisherOf = (producer: Producer): GroupCommitPublisher =>
    new GroupCommitPublisher({
      producer,
      codec: deps.codec,
      topicPrefix: deps.topicPrefix,
      timeoutMs: PUBLISH_GIVE_UP_MS,
      // One produce request in flight, not kafkajs' five: requests arriving meanwhile go together in the
      // next, so fewer, larger requests (bench:ingest faster, p99 lower than with a request per turn).
      maxInFlight: 1,
    });
  return new FhirIngest({
    publisher: publisherOf(deps.producer),
    ...(deps.refusalProducer !== undefined && { refusals: publisherOf(deps.refusalProducer) }),
    dedupe: new MessageDedupe(deps.redis, { namespace: 'fhir' }),
    identity: new IdentityIndex(deps.redis),
    spells: new SpellStore(deps.redis),
    personKey: createPersonKeyer(deps.personKeySecret),
    logger: deps.logger,
    metrics: fhirMetrics(),
    ...(deps.maxInputBytes !== undefined && { maxInputBytes: deps.maxInputBytes }),
  });
}
