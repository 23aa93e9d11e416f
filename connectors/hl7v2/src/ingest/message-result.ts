import type { DedupeStore, HeldMessages, IdentityStore, Logger, RecordWriter } from '@homefirst/runtime';
import type { HospitalEvent, Transport } from '@homefirst/schemas';
import type { Acknowledgement } from '../ack/ack';
import type { MappingContext } from '../mapping/adt';
import type { AckHeader } from '../mapping/header';
import type { heldMessageSchema } from './held';
import type { Hl7Metrics } from './metrics';

/** MSA-3 texts of accepted messages. */
export const ACK_TEXT = {
  accepted: 'accepted',
  held: 'accepted; person not yet identified — held until identity arrives',
  duplicate: 'accepted; duplicate of a message already accepted, no new event',
  identity: 'accepted; identity recorded, no hospital event',
  registration: 'accepted; registration stored, no hospital event',
  preAdmission: 'accepted; pre-admission stored, events follow the admission (A01)',
  notUsed: 'accepted; trigger not used by the hub, stored only',
  noChange: 'accepted; nothing the hub tracks changed',
} as const;

export type MessageStatus = 'accepted' | 'duplicate' | 'held' | 'rejected' | 'unavailable';

/** What became of one message. */
export interface MessageResult {
  readonly header: AckHeader;
  readonly ack: Acknowledgement;
  readonly status: MessageStatus;
  /** The hospital events written for it (including held messages released by it). */
  readonly events: readonly HospitalEvent[];
  readonly errorCode: string | null;
}

export interface PipelineOptions {
  readonly mapping: MappingContext;
  readonly identity: IdentityStore;
  /** null: no dedupe (the feed checker). */
  readonly dedupe: DedupeStore | null;
  readonly writer: RecordWriter;
  /**
   * Writes rejected messages (raw copy + dead letter) on a Kafka connection of their own, so a sender's
   * huge refused frames never queue ahead of other senders' accepted messages. Default: `writer`.
   */
  readonly refusalWriter?: RecordWriter;
  readonly logger: Logger;
  readonly transport: Transport;
  /** How long a sender waits for the durable write before it gets AR (default 10 s). */
  readonly ackTimeoutMs?: number;
  readonly metrics?: Hl7Metrics;
  readonly clock?: () => Date;
  /** The trust's frame limit, for the oversize ACK text. */
  readonly maxFrameBytes?: number;
}

/** What every step of the pipeline works with. */
export interface Hl7Ingest {
  readonly options: PipelineOptions;
  readonly clock: () => Date;
  readonly ackTimeoutMs: number;
  readonly held: HeldMessages<typeof heldMessageSchema>;
}

/** One message's trace: its correlation id, when it arrived, its child logger. */
export interface MessageMeta {
  readonly correlationId: string;
  readonly receivedAt: Date;
  readonly log: Logger;
}

/** MSH-4 sender and MSH-10 control id: a message's identity for dedupe and single-flight. */
export interface DedupeKey {
  readonly sender: string;
  readonly messageId: string;
}

export const NO_EVENTS: readonly HospitalEvent[] = [];

/** AA with this text and these events. */
export const acceptedResult = (
  header: AckHeader,
  status: MessageStatus,
  ackText: string,
  events: readonly HospitalEvent[],
): MessageResult => ({
  header,
  ack: { code: 'AA', text: ackText, error: null },
  status,
  events,
  errorCode: null,
});
