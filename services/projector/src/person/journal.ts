import type { CouncilEvent, HospitalEvent, SourceChannel } from '@homefirst/schemas';

/** The events a projector reads: both person streams, co-partitioned by personKey. */
export type ProjectedEvent = HospitalEvent | CouncilEvent;
export type ProjectedEventType = ProjectedEvent['type'];

/** A value as it survives JSON: instants become epoch milliseconds. */
export type Jsonable<T> = T extends Date
  ? number
  : T extends readonly (infer U)[]
    ? readonly Jsonable<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Jsonable<T[K]> }
      : T;

/** A payload without the NHS number (kept once per person, not in every entry). */
export type SlimPayload<P> = Jsonable<Omit<P, 'nhsNumber'>>;

type EntryOf<E> = E extends ProjectedEvent
  ? {
      /** eventId: the dedupe key. */
      readonly id: string;
      readonly type: E['type'];
      /** occurredAt, epoch ms: the order that matters. */
      readonly at: number;
      /** recordedAt, epoch ms. */
      readonly rec: number;
      /** source.orgCode: the trust (ODS) or council (ONS) that sent it. */
      readonly org: string;
      readonly ch: SourceChannel;
      /** The envelope personKey, which differs from the record's after a merge redirected the event. */
      readonly pk: string;
      readonly p: SlimPayload<E['payload']>;
    }
  : never;

/** One event of a person, JSON-safe, as kept in the person's journal. */
export type JournalEntry = EntryOf<ProjectedEvent>;
export type EntryOfType<T extends ProjectedEventType> = Extract<JournalEntry, { readonly type: T }>;

const HOSPITAL_TYPES: ReadonlySet<string> = new Set<HospitalEvent['type']>([
  'PatientAdmitted',
  'PatientTransferred',
  'DischargeReadyDeclared',
  'DischargeReadinessWithdrawn',
  'ExpectedDischargeDateSet',
  'PatientDischarged',
  'AdmissionCancelled',
  'DischargeCancelled',
  'LeaveOfAbsenceStarted',
  'LeaveOfAbsenceEnded',
  'PatientDied',
  'PatientsMerged',
]);

export const streamOf = (type: ProjectedEventType): 'hospital' | 'council' =>
  HOSPITAL_TYPES.has(type) ? 'hospital' : 'council';

const toJsonable = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(toJsonable);
  // Once per event read: a plain loop over the own enumerable keys, in their order (as Object.entries).
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = toJsonable((value as Record<string, unknown>)[key]);
  return copy;
};

/** The journal entry of an event: the payload without its NHS number, instants as epoch ms. */
export const toJournalEntry = (event: ProjectedEvent): JournalEntry => {
  const { nhsNumber: _nhsNumber, ...rest } = event.payload;
  return {
    id: event.eventId,
    type: event.type,
    at: event.occurredAt.getTime(),
    rec: event.recordedAt.getTime(),
    org: event.source.orgCode,
    ch: event.source.channel,
    pk: event.personKey,
    // toJsonable maps exactly Date → number, which is what SlimPayload says of the type.
    p: toJsonable(rest),
  } as JournalEntry;
};

/**
 * Where an event sorts among others of the same instant: the order a stay unfolds in, so an admission and
 * a readiness declaration stamped with the same second still read admission first.
 */
const RANK: Readonly<Record<ProjectedEventType, number>> = {
  PatientAdmitted: 0,
  PatientTransferred: 1,
  ExpectedDischargeDateSet: 2,
  DischargeReadyDeclared: 3,
  DischargeReadinessWithdrawn: 4,
  LeaveOfAbsenceStarted: 5,
  LeaveOfAbsenceEnded: 6,
  ReferralReceived: 10,
  AssessmentScheduled: 11,
  AssessmentCompleted: 12,
  PackageRequested: 13,
  ProviderOffered: 14,
  ProviderDeclined: 15,
  PackageSourced: 16,
  PackageStarted: 17,
  ReablementStarted: 18,
  ReablementEnded: 19,
  ReferralCancelled: 20,
  PatientDischarged: 30,
  DischargeCancelled: 31,
  PatientDied: 32,
  AdmissionCancelled: 33,
  PatientsMerged: 34,
};

/** Total order of a person's events: event time, then lifecycle rank, then recorded time, then eventId. */
export const compareEntries = (a: JournalEntry, b: JournalEntry): number =>
  a.at - b.at || RANK[a.type] - RANK[b.type] || a.rec - b.rec || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
