import {
  eventIdFor,
  type DelayAttribution,
  type DelayReason,
  type HospitalEvent,
  type LocalDate,
  type Location as HubLocation,
  type Pathway,
  type Source,
} from '@homefirst/schemas';
import type { EncounterStatus } from '../fhir/model';
import type { EncounterFacts, LocationStay } from './facts';
import { actualPathwayOf } from './vocabulary';

/**
 * The heart of the connector: given what the hub already knows of a spell, when an Encounter arrives, then
 * these hospital events. A trust sends the *state* of an Encounter (every REST update, poll and
 * notification carries the whole resource); the hub records *changes* as past-tense facts. So the decision
 * compares the Encounter with the spell's last known state (`SpellSnapshot`, kept by the connector) and
 * emits only what changed. With no snapshot (first sight, or the offline feed checker) every fact the
 * Encounter implies is emitted. Pure: no I/O, no clock (times come in through the context).
 */

/** What the hub last knew of a spell. JSON-friendly: it is stored as is. */
export interface SpellSnapshot {
  readonly status: EncounterStatus;
  readonly admitted: boolean;
  readonly cancelled: boolean;
  readonly location: HubLocation | null;
  /** ISO instant of the recorded discharge. */
  readonly dischargedAt: string | null;
  readonly readiness: ReadinessSnapshot | null;
  readonly expectedDischargeDate: LocalDate | null;
  /** Last pathway the ward proposed: the discharge's actual pathway is read against it. */
  readonly proposedPathway: Pathway | null;
  /** meta.lastUpdated of the newest Encounter version seen, ISO. */
  readonly lastUpdated: string | null;
}

export interface ReadinessSnapshot {
  readonly status: 'declared' | 'withdrawn';
  readonly readyDate: LocalDate | null;
  readonly readyAt: string | null;
  readonly proposedPathway: Pathway | null;
  readonly delayReason: DelayReason | null;
  readonly delayAttribution: DelayAttribution | null;
}

/** Everything about the carrying message the events need; the caller supplies the clock. */
export interface DecisionContext {
  readonly source: Source;
  /** Distinguishes several Encounters of one message in their eventIds ('' for a single one). */
  readonly part: string;
  readonly correlationId: string;
  readonly nhsNumber: string;
  readonly personKey: string;
  /** When the hub received the message: the event time of facts the Encounter does not date. */
  readonly receivedAt: Date;
  readonly recordedAt: Date;
}

export type DecisionOutcome =
  /** New facts. */
  | 'recorded'
  /** Nothing the hub had not recorded already. */
  | 'no-change'
  /** Not an inpatient stay: the hub records nothing about it. */
  | 'ignored'
  /** Older than a version already seen (meta.lastUpdated): nothing recorded. */
  | 'stale';

export interface Decision {
  readonly events: readonly HospitalEvent[];
  readonly snapshot: SpellSnapshot | undefined;
  readonly outcome: DecisionOutcome;
}

const sameLocation = (a: HubLocation | null, b: HubLocation | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.site === b.site &&
    a.ward === b.ward &&
    a.room === b.room &&
    a.bed === b.bed);

const readinessSnapshotOf = (facts: EncounterFacts): ReadinessSnapshot | null => {
  const r = facts.readiness;
  if (r === null) return null;
  if (r.status === 'withdrawn')
    return {
      status: 'withdrawn',
      readyDate: null,
      readyAt: null,
      proposedPathway: null,
      delayReason: null,
      delayAttribution: null,
    };
  return {
    status: 'declared',
    readyDate: r.readyDate,
    readyAt: r.readyAt?.toISOString() ?? null,
    proposedPathway: r.proposedPathway,
    delayReason: r.delay?.reason ?? null,
    delayAttribution: r.delay?.attribution ?? null,
  };
};

const sameReadiness = (a: ReadinessSnapshot | null, b: ReadinessSnapshot | null): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** Stays in the order they happened, ending with the current one. */
const currentStay = (stays: readonly LocationStay[]): LocationStay | undefined =>
  stays.find((s) => s.current) ?? stays.at(-1);

export function decide(
  previous: SpellSnapshot | undefined,
  facts: EncounterFacts,
  context: DecisionContext,
): Decision {
  if (
    previous?.lastUpdated != null &&
    facts.lastUpdated !== null &&
    facts.lastUpdated.getTime() < Date.parse(previous.lastUpdated)
  ) {
    return { events: [], snapshot: previous, outcome: 'stale' };
  }
  if (!facts.inpatient && !previous?.admitted) return { events: [], snapshot: previous, outcome: 'ignored' };

  const events: HospitalEvent[] = [];
  const step: Step = {
    previous,
    facts,
    spell: {
      admitted: previous?.admitted ?? false,
      cancelled: previous?.cancelled ?? false,
      location: previous?.location ?? null,
      dischargedAt: previous?.dischargedAt ?? null,
      readiness: previous?.readiness ?? null,
      expectedDischargeDate: previous?.expectedDischargeDate ?? null,
      proposedPathway: previous?.proposedPathway ?? null,
    },
    emit: emitterOf(context, facts, events),
    ids: { nhsNumber: context.nhsNumber, spellId: facts.spellId },
    fallbackTime: facts.lastUpdated ?? context.receivedAt,
  };

  const status = facts.status;
  const voided =
    status === 'cancelled' || status === 'entered-in-error' || facts.intent === 'admission-cancelled';
  if (voided) {
    decideCancellation(step);
  } else if (status === 'in-progress' || status === 'onleave' || status === 'finished') {
    step.spell.cancelled = false;
    decideAdmissionAndMoves(step);
    decideDischargeCancelledAndLeave(step);
    decideReadiness(step);
    decideExpectedDischargeDate(step);
    decideDischarge(step);
  }

  const snapshot: SpellSnapshot = {
    status,
    ...step.spell,
    lastUpdated: facts.lastUpdated?.toISOString() ?? previous?.lastUpdated ?? null,
  };
  return { events, snapshot, outcome: events.length > 0 ? 'recorded' : 'no-change' };
}

/** The spell as the decision goes: the previous snapshot's, updated with each event emitted. */
type SpellState = {
  -readonly [K in Exclude<keyof SpellSnapshot, 'status' | 'lastUpdated'>]: SpellSnapshot[K];
};

type Emit = <T extends HospitalEvent['type']>(
  type: T,
  occurredAt: Date,
  payload: Extract<HospitalEvent, { type: T }>['payload'],
) => void;

/** What each step of the decision works with. */
interface Step {
  readonly previous: SpellSnapshot | undefined;
  readonly facts: EncounterFacts;
  readonly spell: SpellState;
  readonly emit: Emit;
  readonly ids: { readonly nhsNumber: string; readonly spellId: string };
  /** The event time of facts the Encounter does not date. */
  readonly fallbackTime: Date;
}

/** Appends events of the spell, with eventIds that stay the same when the same Encounter is decided again. */
function emitterOf(context: DecisionContext, facts: EncounterFacts, events: HospitalEvent[]): Emit {
  const { spellId, dataQuality } = facts;
  const counts = new Map<string, number>();
  return (type, occurredAt, payload) => {
    const n = counts.get(type) ?? 0;
    counts.set(type, n + 1);
    const part = `${context.part}|${spellId}${n === 0 ? '' : `|${n}`}`;
    events.push({
      eventId: eventIdFor(context.source, type, part),
      type,
      occurredAt,
      recordedAt: context.recordedAt,
      source: context.source,
      personKey: context.personKey,
      correlationId: context.correlationId,
      ...(dataQuality.length > 0 && { dataQuality }),
      payload,
    } as HospitalEvent); // `type` and `payload` agree by the signature of Emit
  };
}

/** The spell should never have been: one cancellation, unless it was only ever planned. */
function decideCancellation({ previous, spell, emit, ids, fallbackTime }: Step): void {
  const neverAdmitted = previous !== undefined && !previous.admitted;
  if (!spell.cancelled && !neverAdmitted) emit('AdmissionCancelled', fallbackTime, { ...ids });
  spell.cancelled = true;
  spell.admitted = false;
}

/** The admission (with the Encounter's own history of stays) and any move to another location. */
function decideAdmissionAndMoves({ facts, spell, emit, ids, fallbackTime }: Step): void {
  const stays = facts.stays;
  const now = currentStay(stays);
  /** A stay somewhere else than where the patient is is a transfer. */
  const moveTo = (stay: LocationStay): void => {
    if (sameLocation(spell.location, stay.location)) return;
    emit('PatientTransferred', stay.since ?? fallbackTime, {
      ...ids,
      from: spell.location,
      to: stay.location,
    });
    spell.location = stay.location;
  };

  if (!spell.admitted) {
    const first = stays[0];
    emit('PatientAdmitted', facts.admittedAt ?? fallbackTime, {
      ...ids,
      location: first?.location ?? { site: null, ward: null, room: null, bed: null },
      patientClass: facts.patientClass,
      admissionMethodCode: facts.admissionMethodCode,
      ...facts.admission,
    });
    spell.admitted = true;
    spell.location = first?.location ?? null;
    // The Encounter's own history: each later stay up to the current one is a transfer.
    for (const stay of stays.slice(1, now ? stays.indexOf(now) + 1 : stays.length)) moveTo(stay);
  } else if (now) {
    moveTo(now);
  }
}

/** A discharge taken back, and leave of absence starting or ending. */
function decideDischargeCancelledAndLeave({ previous, facts, spell, emit, ids, fallbackTime }: Step): void {
  const { status } = facts;
  const wasDischarged = previous?.status === 'finished';
  if (
    status !== 'finished' &&
    (wasDischarged || (previous === undefined && facts.intent === 'discharge-cancelled'))
  ) {
    emit('DischargeCancelled', fallbackTime, { ...ids });
    spell.dischargedAt = null;
  }
  if (status === 'in-progress' && previous?.status === 'onleave')
    emit('LeaveOfAbsenceEnded', fallbackTime, { ...ids });
  if (status === 'onleave' && previous?.status !== 'onleave')
    emit('LeaveOfAbsenceStarted', fallbackTime, { ...ids, expectedReturnAt: null });
}

/** Readiness for discharge declared or withdrawn, when it changed. */
function decideReadiness({ facts, spell, emit, ids, fallbackTime }: Step): void {
  const nextReadiness = readinessSnapshotOf(facts);
  if (facts.readiness === null || sameReadiness(spell.readiness, nextReadiness)) return;
  const r = facts.readiness;
  if (r.status === 'declared') {
    emit('DischargeReadyDeclared', fallbackTime, {
      ...ids,
      dischargeReadyDate: r.readyDate,
      dischargeReadyAt: r.readyAt,
      proposedPathway: r.proposedPathway,
      delay: r.delay,
    });
    if (r.proposedPathway !== 'UNKNOWN') spell.proposedPathway = r.proposedPathway;
  } else if (spell.readiness?.status !== 'withdrawn') {
    emit('DischargeReadinessWithdrawn', fallbackTime, { ...ids, criterion: r.criterion });
  }
  spell.readiness = nextReadiness;
}

/** A new expected discharge date, while the patient is still in. */
function decideExpectedDischargeDate({ facts, spell, emit, ids, fallbackTime }: Step): void {
  if (
    facts.status !== 'finished' &&
    facts.expectedDischargeDate !== null &&
    facts.expectedDischargeDate !== spell.expectedDischargeDate
  ) {
    emit('ExpectedDischargeDateSet', fallbackTime, {
      ...ids,
      expectedDischargeDate: facts.expectedDischargeDate,
    });
    spell.expectedDischargeDate = facts.expectedDischargeDate;
  }
}

/** The discharge (and a death), once per discharge time. */
function decideDischarge({ facts, spell, emit, ids }: Step): void {
  if (facts.status !== 'finished' || facts.dischargedAt === null) return;
  const at = facts.dischargedAt.toISOString();
  if (spell.dischargedAt === at) return;
  const destination = facts.destination ?? 'DD99_NOT_KNOWN';
  emit('PatientDischarged', facts.dischargedAt, {
    ...ids,
    destination,
    actualPathway: facts.statedPathway ?? actualPathwayOf(destination, spell.proposedPathway),
    dischargeMethodCode: facts.dischargeMethodCode,
  });
  if (destination === 'DD79_DIED' || facts.dischargeMethodCode === '4')
    emit('PatientDied', facts.dischargedAt, { ...ids });
  spell.dischargedAt = at;
}
