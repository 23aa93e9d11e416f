import type { AttemptOutcome } from '../core/outcome';
import { reasonOf } from '../core/outcome';

/**
 * What the delivery service writes besides webhooks, as versioned JSON. Neither names a person beyond the
 * feed event id and the Kafka position: the delivery log carries no body; a dead letter carries the body
 * (the council is entitled to it, and a redrive must send exactly it) but never the receiver's answer.
 */
/** Which webhook a record is about: its subscription, its id (the feed event id) and its feed position. */
interface WebhookRef {
  readonly v: 1;
  readonly subscriptionId: string;
  readonly laCode: string;
  readonly webhookId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface DeliveryLogRecord extends WebhookRef {
  readonly attempt: number;
  /** delivered (2xx), failed (will be retried), dead-lettered (the last attempt failed), undecodable. */
  readonly outcome: 'delivered' | 'failed' | 'dead-lettered' | 'undecodable';
  readonly reason: string;
  readonly durationMs: number;
  readonly at: string;
}

export interface DeadLetterRecord extends WebhookRef {
  readonly attempts: number;
  readonly reason: string;
  readonly deadAt: string;
  /** The webhook body that was refused (JSON text), or null when the feed record could not be decoded. */
  readonly body: string | null;
}

export interface Position {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export const logOutcomeOf = (
  outcome: AttemptOutcome,
  attempt: number,
  maxAttempts: number,
): DeliveryLogRecord['outcome'] =>
  outcome.kind === 'delivered' ? 'delivered' : attempt >= maxAttempts ? 'dead-lettered' : 'failed';

export const logReasonOf = reasonOf;
