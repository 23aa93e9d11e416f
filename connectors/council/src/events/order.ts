import { describeGap, type DataQualityFlag } from '@homefirst/schemas';
import type { OrderFactQuery } from '../pipeline/order-store';
import type { CouncilRecord } from '../record/council-record';
import { RECORD_EVENTS, type RecordEvent } from '../record/vocabulary';

/**
 * Suspicious order: a step that happened before a step it depends on (a package started before it was
 * requested, an assessment completed before the referral arrived …). Such a record is published with a
 * STEP_OUT_OF_ORDER data-quality flag. For the orderings that are impossible by definition (a package
 * started before it was requested, reablement ended before it started) only up to the tolerance
 * (HOMEFIRST_COUNCIL_STEP_TOLERANCE, default 24 h: steps are often recorded by date); beyond it the record
 * is refused with the rule and the gap, and its time is not kept, so it skews no later check.
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
  /**
   * Refused beyond the tolerance: only orderings that are impossible by definition and that the
   * projector's durations rest on (a package starts after it is requested; reablement ends after it
   * starts). The others — a provider may decline a request it never offered on, steps are back-dated —
   * are flagged whatever the gap.
   */
  readonly refuse?: true;
}

const everyStepAfterReferral: readonly Precedence[] = RECORD_EVENTS.filter(
  (event) => event !== 'referral_received',
).map((after) => ({ before: 'referral_received', after, scope: 'referral' }));

const packageSteps = (before: RecordEvent, afters: readonly RecordEvent[]): Precedence[] =>
  afters.map((after) => ({ before, after, scope: 'package' }));

export const PRECEDENCES: readonly Precedence[] = [
  ...everyStepAfterReferral,
  { before: 'assessment_scheduled', after: 'assessment_completed', scope: 'referral' },
  { before: 'reablement_started', after: 'reablement_ended', scope: 'referral', refuse: true },
  ...packageSteps('package_requested', ['provider_offered', 'provider_declined', 'package_sourced']),
  { before: 'package_requested', after: 'package_started', scope: 'package', refuse: true },
  { before: 'package_requested', after: 'placement_started', scope: 'package', refuse: true },
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

/** Default tolerance for council steps out of order (steps are often recorded by date, a day apart). */
export const DEFAULT_COUNCIL_STEP_TOLERANCE_MS = 24 * 3_600_000;

/** The order-store query of a record: its step, the steps it is compared with, and the refusal rule. */
export function orderQueryOf(record: CouncilRecord, toleranceMs: number): OrderFactQuery {
  return {
    key: orderKeyOf(record),
    field: orderFieldOf(record),
    at: record.occurredAt.getTime(),
    related: relatedOrderFields(record),
    refuseBeyond: {
      toleranceMs,
      mustFollow: (AS_AFTER.get(record.event) ?? [])
        .filter((p) => p.refuse)
        .map((p) => fieldOf(p.before, record)),
      mustPrecede: (AS_BEFORE.get(record.event) ?? [])
        .filter((p) => p.refuse)
        .map((p) => fieldOf(p.after, record)),
    },
  };
}

/** A step out of order within the tolerance: its legacy name (for reports) and the event's flag. */
export interface OrderFlag {
  /** E.g. PACKAGE_STARTED_BEFORE_PACKAGE_REQUESTED. */
  readonly name: string;
  readonly quality: DataQualityFlag;
}

export type OrderVerdict =
  | { readonly kind: 'ok'; readonly flags: readonly OrderFlag[] }
  | { readonly kind: 'refused'; readonly problem: string };

const scopeOf = (p: Precedence): string => (p.scope === 'package' ? "this package's" : "this referral's");

/**
 * The verdict for a record, given the earliest known time (epoch ms) of each related fact. Pure.
 * Texts name steps and the gap, never a date or an id.
 */
export function orderVerdict(
  record: CouncilRecord,
  known: ReadonlyMap<string, number>,
  toleranceMs: number,
): OrderVerdict {
  if (known.size === 0) return { kind: 'ok', flags: [] };
  const at = record.occurredAt.getTime();
  const flags: OrderFlag[] = [];
  const check = (p: Precedence, gap: number): string | undefined => {
    if (gap <= 0) return undefined;
    const text = `${p.after} is ${describeGap(gap)} before ${scopeOf(p)} ${p.before}`;
    if (gap > toleranceMs && p.refuse)
      return `occurredAt: ${text}; more than the ${describeGap(toleranceMs)} allowed (HOMEFIRST_COUNCIL_STEP_TOLERANCE)`;
    flags.push({
      name: flagName(p),
      quality: {
        code: 'STEP_OUT_OF_ORDER',
        fields: [p.after, p.before],
        detail: p.refuse
          ? `${text} (${flagName(p)}), within the ${describeGap(toleranceMs)} allowed`
          : `${text} (${flagName(p)})`,
      },
    });
    return undefined;
  };
  for (const p of AS_AFTER.get(record.event) ?? []) {
    const before = known.get(fieldOf(p.before, record));
    const problem = before === undefined ? undefined : check(p, before - at);
    if (problem !== undefined) return { kind: 'refused', problem };
  }
  for (const p of AS_BEFORE.get(record.event) ?? []) {
    const after = known.get(fieldOf(p.after, record));
    const problem = after === undefined ? undefined : check(p, at - after);
    if (problem !== undefined) return { kind: 'refused', problem };
  }
  return { kind: 'ok', flags };
}

/** The legacy flag names of a record within any tolerance (for tools that only want names). */
export function orderFlags(record: CouncilRecord, known: ReadonlyMap<string, number>): readonly string[] {
  const verdict = orderVerdict(record, known, Number.POSITIVE_INFINITY);
  return verdict.kind === 'ok' ? verdict.flags.map((flag) => flag.name) : [];
}
