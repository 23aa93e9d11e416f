import type { CouncilRecord } from '../record/council-record';
import { RECORD_EVENTS, type RecordEvent } from '../record/vocabulary';

/**
 * Suspicious order: a step that happened before a step it depends on (a package started before it was
 * requested, an assessment completed before the referral arrived …). Such records are published, not
 * dropped — case systems are often back-dated or exported late — and carry a flag instead.
 *
 * The facts compared are kept per referral (council + referral id): for each step, the earliest time it
 * happened; package steps per package id. A record is checked against the steps it must follow and the
 * steps that must follow it, whichever arrived first.
 */

/** `before` must not happen after `after`, within one referral or one package. */
interface Precedence {
  readonly before: RecordEvent;
  readonly after: RecordEvent;
  readonly scope: 'referral' | 'package';
}

const everyStepAfterReferral: readonly Precedence[] = RECORD_EVENTS.filter(
  (event) => event !== 'referral_received',
).map((after) => ({ before: 'referral_received', after, scope: 'referral' }));

const packageSteps = (before: RecordEvent, afters: readonly RecordEvent[]): Precedence[] =>
  afters.map((after) => ({ before, after, scope: 'package' }));

export const PRECEDENCES: readonly Precedence[] = [
  ...everyStepAfterReferral,
  { before: 'assessment_scheduled', after: 'assessment_completed', scope: 'referral' },
  { before: 'reablement_started', after: 'reablement_ended', scope: 'referral' },
  ...packageSteps('package_requested', [
    'provider_offered',
    'provider_declined',
    'package_sourced',
    'package_started',
    'placement_started',
  ]),
  ...packageSteps('provider_offered', ['provider_declined', 'package_sourced']),
  ...packageSteps('package_sourced', ['package_started', 'placement_started']),
];

/** Where a record's order facts live: one set per referral of a council. */
export const orderKeyOf = (record: CouncilRecord): string => `${record.councilCode}|${record.referralId}`;

const packageOf = (record: CouncilRecord): string => record.packageId ?? record.referralId;

const PACKAGE_SCOPED: ReadonlySet<RecordEvent> = new Set(
  PRECEDENCES.filter((p) => p.scope === 'package').flatMap((p) => [p.before, p.after]),
);
/** Per event: the precedences it is the later step of, and those it is the earlier step of (precomputed: this runs per row). */
const AS_AFTER = new Map<RecordEvent, readonly Precedence[]>();
const AS_BEFORE = new Map<RecordEvent, readonly Precedence[]>();
for (const p of PRECEDENCES) {
  AS_AFTER.set(p.after, [...(AS_AFTER.get(p.after) ?? []), p]);
  AS_BEFORE.set(p.before, [...(AS_BEFORE.get(p.before) ?? []), p]);
}

const fieldOf = (event: RecordEvent, record: CouncilRecord): string =>
  PACKAGE_SCOPED.has(event) ? `${event}@${packageOf(record)}` : event;

/** The fact this record adds (its step, per package where that matters). */
export const orderFieldOf = (record: CouncilRecord): string => fieldOf(record.event, record);

/** The facts this record is compared with. */
export function relatedOrderFields(record: CouncilRecord): readonly string[] {
  const fields = new Set<string>();
  for (const p of AS_AFTER.get(record.event) ?? []) fields.add(fieldOf(p.before, record));
  for (const p of AS_BEFORE.get(record.event) ?? []) fields.add(fieldOf(p.after, record));
  fields.delete(orderFieldOf(record));
  return [...fields];
}

const flagName = (p: Precedence): string => `${p.after}_before_${p.before}`.toUpperCase();

/**
 * The flags for a record, given the earliest known time (epoch ms) of each related fact. Pure.
 * E.g. PACKAGE_STARTED_BEFORE_PACKAGE_REQUESTED.
 */
export function orderFlags(record: CouncilRecord, known: ReadonlyMap<string, number>): readonly string[] {
  if (known.size === 0) return [];
  const at = record.occurredAt.getTime();
  const flags: string[] = [];
  for (const p of AS_AFTER.get(record.event) ?? []) {
    const before = known.get(fieldOf(p.before, record));
    if (before !== undefined && before > at) flags.push(flagName(p));
  }
  for (const p of AS_BEFORE.get(record.event) ?? []) {
    const after = known.get(fieldOf(p.after, record));
    if (after !== undefined && after < at) flags.push(flagName(p));
  }
  return flags;
}
