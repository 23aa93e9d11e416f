import type { DeadLetterRecord } from '../delivery/records';

/** A dead letter as read back from its subscription's dead-letter topic, with its place there. */
export interface StoredLetter {
  readonly letter: DeadLetterRecord;
  readonly partition: number;
  readonly offset: string;
  /** The record key (the person's key, as the feed's): a person's letters are on one partition, in order. */
  readonly key: string | null;
}

/**
 * The mark a delivered redrive leaves (compacted topic `homefirst.webhooks.redrives.v1`, keyed by
 * `markKeyOf`): that letter is not redriven again unless asked for with --again.
 */
export interface RedriveMark {
  readonly v: 1;
  readonly subscriptionId: string;
  readonly webhookId: string;
  readonly deadAt: string;
  readonly redrivenAt: string;
  readonly actor: string;
}

/**
 * One mark per dead letter: its subscription, webhook id and when it was dead-lettered (the same feed event
 * dead-lettered again after a replay is another letter).
 */
export const markKeyOf = (
  letter: Pick<DeadLetterRecord, 'subscriptionId' | 'webhookId' | 'deadAt'>,
): string => `${letter.subscriptionId}/${letter.webhookId}/${letter.deadAt}`;

export interface RedriveRequest {
  /** Every letter not redriven yet; else only `webhookIds`. */
  readonly all: boolean;
  readonly webhookIds: readonly string[];
  /** Redrive letters already redriven (delivered) too: asked for by name, never by accident. */
  readonly again: boolean;
}

export type SkipReason = 'already-redriven' | 'not-found' | 'undecodable';

export interface Skipped {
  readonly webhookId: string;
  readonly reason: SkipReason;
  readonly mark?: RedriveMark;
}

export interface RedrivePlan {
  /** To send, in dead-letter order (per partition by offset: per person, the order they failed in). */
  readonly send: readonly StoredLetter[];
  readonly skipped: readonly Skipped[];
}

/**
 * Which letters a redrive sends (pure): the ones asked for, in the order they were dead-lettered, without
 * those a redrive already delivered (unless `again`) and those without a body (undecodable feed records,
 * nothing to send). `--all` never includes already-redriven letters.
 */
export function planRedrive(
  letters: readonly StoredLetter[],
  marks: ReadonlyMap<string, RedriveMark>,
  request: RedriveRequest,
): RedrivePlan {
  const wanted = new Set(request.webhookIds);
  const ordered = [...letters].sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
  const chosen = request.all ? ordered : ordered.filter((s) => wanted.has(s.letter.webhookId));
  const send: StoredLetter[] = [];
  const skipped: Skipped[] = request.all
    ? []
    : [...wanted]
        .filter((id) => !letters.some((s) => s.letter.webhookId === id))
        .map((webhookId) => ({ webhookId, reason: 'not-found' as const }));
  for (const stored of chosen) {
    const { webhookId } = stored.letter;
    const mark = marks.get(markKeyOf(stored.letter));
    if (stored.letter.body === null) skipped.push({ webhookId, reason: 'undecodable' });
    else if (mark !== undefined && !(request.again && !request.all))
      skipped.push({ webhookId, reason: 'already-redriven', mark });
    else send.push(stored);
  }
  return { send, skipped };
}
