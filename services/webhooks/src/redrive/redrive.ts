import { randomUUID } from 'node:crypto';
import { createTopicsAndWait, hubAuditHeader, readHistory, withAdmin, writeAudit } from '@homefirst/runtime';
import type { DeadLetterRedrivenEvent } from '@homefirst/schemas';
import type { Kafka, Producer } from 'kafkajs';
import { reasonOf, type AttemptOutcome } from '../core/outcome';
import type { DeadLetterRecord } from '../delivery/records';
import { sendWebhook } from '../delivery/send';
import { deadLettersOf } from '../delivery/topics';
import { audit, existing, withProducer, type SubscriptionAdmin } from '../subscriptions/admin';
import { markKeyOf, planRedrive, type RedriveMark, type RedriveRequest, type StoredLetter } from './plan';

/** Marks of delivered redrives (compacted, JSON, keyed by `markKeyOf`): written and read by the CLI only. */
export const REDRIVES_TOPIC = 'homefirst.webhooks.redrives.v1';

export const redrivesTopicOf = (admin: Pick<SubscriptionAdmin, 'topics'>): string =>
  `${admin.topics.prefix}${REDRIVES_TOPIC}`;

/** Every record of a (small, JSON) topic now, with its place; none when the topic does not exist. */
async function readJsonRecords(
  admin: SubscriptionAdmin,
  topic: string,
): Promise<{ partition: number; offset: string; key: string | null; value: unknown }[]> {
  const exists = await withAdmin(admin.kafka, async (a) => (await a.listTopics()).includes(topic));
  if (!exists) return [];
  const reader = readHistory(admin.kafka, { topics: [topic], logger: admin.logger });
  await reader.start();
  const records = [];
  for await (const batch of reader)
    for (const r of batch.records)
      records.push({
        partition: r.partition,
        offset: r.offset,
        key: r.key?.toString('utf8') ?? null,
        value: r.value === null ? null : (JSON.parse(r.value.toString('utf8')) as unknown),
      });
  await reader.close();
  return records;
}

const isLetter = (value: unknown): value is DeadLetterRecord =>
  typeof value === 'object' &&
  value !== null &&
  (value as { v?: unknown }).v === 1 &&
  typeof (value as { webhookId?: unknown }).webhookId === 'string' &&
  typeof (value as { deadAt?: unknown }).deadAt === 'string';

/** A subscription's dead letters, as they are on its dead-letter topic. */
export async function readDeadLetters(admin: SubscriptionAdmin, id: string): Promise<StoredLetter[]> {
  const records = await readJsonRecords(admin, deadLettersOf(admin.topics, id));
  return records.flatMap(({ partition, offset, key, value }) =>
    isLetter(value) ? [{ letter: value, partition, offset, key }] : [],
  );
}

/** The marks of delivered redrives, by mark key (a later record wins; compaction keeps the last). */
export async function readRedriveMarks(admin: SubscriptionAdmin): Promise<Map<string, RedriveMark>> {
  const marks = new Map<string, RedriveMark>();
  for (const { key, value } of await readJsonRecords(admin, redrivesTopicOf(admin))) {
    if (key === null) continue;
    if (value === null) marks.delete(key);
    else marks.set(key, value as RedriveMark);
  }
  return marks;
}

/** One line of `subscriptions deadletters`: what failed and whether it was redriven — never the body. */
export interface DeadLetterRow {
  readonly webhookId: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempts: number;
  readonly reason: string;
  readonly deadAt: string;
  readonly redrivenAt: string | null;
  readonly redrivenBy: string | null;
}

/** `subscriptions deadletters <id>`: the subscription's dead letters, in the order they failed per partition. */
export async function listDeadLetters(admin: SubscriptionAdmin, id: string): Promise<DeadLetterRow[]> {
  await existing(admin, id);
  const [letters, marks] = await Promise.all([readDeadLetters(admin, id), readRedriveMarks(admin)]);
  return [...letters]
    .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)))
    .map(({ letter, partition, offset }) => {
      const mark = marks.get(markKeyOf(letter));
      return {
        webhookId: letter.webhookId,
        partition,
        offset,
        attempts: letter.attempts,
        reason: letter.reason,
        deadAt: letter.deadAt,
        redrivenAt: mark?.redrivenAt ?? null,
        redrivenBy: mark?.actor ?? null,
      };
    });
}

export type RedriveOutcome =
  'delivered' | 'failed' | 'held' | 'already-redriven' | 'not-found' | 'undecodable';

export interface RedriveReport {
  readonly webhookId: string;
  readonly outcome: RedriveOutcome;
  /** `HTTP 503`, `timeout`, …, or why it was not sent (no patient data, never the receiver's answer). */
  readonly detail: string;
}

const AUDIT_OUTCOME = {
  delivered: 'ACCEPTED',
  rejected: 'REFUSED',
  timeout: 'FAILED',
  unreachable: 'FAILED',
} as const;

async function auditLetter(
  admin: SubscriptionAdmin,
  producer: Producer,
  letter: DeadLetterRecord,
  outcome: AttemptOutcome,
  correlationId: string,
): Promise<void> {
  const event: DeadLetterRedrivenEvent = {
    ...hubAuditHeader('homefirst-webhooks', new Date(), letter.laCode),
    correlationId,
    type: 'DeadLetterRedriven',
    payload: {
      actorId: admin.actor,
      deadLetterEventId: letter.webhookId,
      outcome: AUDIT_OUTCOME[outcome.kind],
      detail: outcome.kind === 'delivered' ? null : reasonOf(outcome),
    },
  };
  await writeAudit(producer, admin.codec, admin.topics.prefix, event);
}

async function ensureRedrivesTopic(kafka: Kafka, topic: string): Promise<void> {
  await withAdmin(kafka, async (a) => {
    if ((await a.listTopics()).includes(topic)) return;
    await createTopicsAndWait(a, [
      { topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    ]);
  });
}

/**
 * `subscriptions redrive <id>`: sends dead letters to the subscription's endpoint again — the exact body
 * that failed, signed afresh with the subscription's secret, one attempt each, in the order they failed.
 * A delivered letter gets its mark (never sent again by accident) and every attempt a DeadLetterRedriven
 * audit record, all sharing the correlation id of the run's SubscriptionChanged REDRIVEN record. After a
 * failure, the later letters of the same person are held back (per-person order); run it again later.
 */
export async function redriveSubscription(
  admin: SubscriptionAdmin,
  id: string,
  request: RedriveRequest,
  timeoutMs: number,
): Promise<RedriveReport[]> {
  const subscription = await existing(admin, id);
  const [letters, marks] = await Promise.all([readDeadLetters(admin, id), readRedriveMarks(admin)]);
  const plan = planRedrive(letters, marks, request);
  const reports: RedriveReport[] = plan.skipped.map((s) => ({
    webhookId: s.webhookId,
    outcome: s.reason,
    detail:
      s.mark === undefined
        ? s.reason
        : `redriven at ${s.mark.redrivenAt} by ${s.mark.actor}; --again with --event-id to send it anyway`,
  }));
  if (plan.send.length === 0) return reports;
  const marksTopic = redrivesTopicOf(admin);
  await ensureRedrivesTopic(admin.kafka, marksTopic);
  const correlationId = randomUUID();
  await withProducer(admin, async (producer) => {
    await audit(admin, producer, subscription, 'REDRIVEN', null, correlationId);
    const held = new Set<string>();
    for (const { letter, key } of plan.send) {
      if (key !== null && held.has(key)) {
        reports.push({
          webhookId: letter.webhookId,
          outcome: 'held',
          detail: 'an earlier letter of this person failed',
        });
        continue;
      }
      const outcome = await sendWebhook(
        {
          url: subscription.url,
          secret: subscription.secret,
          webhookId: letter.webhookId,
          body: letter.body!,
        },
        timeoutMs,
      );
      if (outcome.kind === 'delivered') {
        const mark: RedriveMark = {
          v: 1,
          subscriptionId: letter.subscriptionId,
          webhookId: letter.webhookId,
          deadAt: letter.deadAt,
          redrivenAt: new Date().toISOString(),
          actor: admin.actor,
        };
        await producer.send({
          topic: marksTopic,
          acks: -1,
          messages: [{ key: markKeyOf(letter), value: JSON.stringify(mark) }],
        });
      } else if (key !== null) held.add(key);
      await auditLetter(admin, producer, letter, outcome, correlationId);
      reports.push({
        webhookId: letter.webhookId,
        outcome: outcome.kind === 'delivered' ? 'delivered' : 'failed',
        detail: reasonOf(outcome),
      });
    }
  });
  return reports;
}
