import {
  checkDateOrder,
  checkOrder,
  combineOrderChecks,
  eventIdFor,
  type DataQualityFlag,
  type OrderCheck,
  type HospitalEvent,
  type PersonKeyer,
  type Source,
} from '@homefirst/schemas';
import { Hl7ContentError, requiredFieldMissing } from '../hl7/errors';
import { type Hl7Document, valueOf } from '../hl7/message';
import { readAdmissionFacts } from './admission';
import { optionalDateTime } from './date-time-field';
import { readHeader, type MessageHeader } from './header';
import { readIdentifiers, type PatientIdentity } from './patient';
import { readReadiness, type ReadinessReading } from './readiness';
import type { MappingSettings } from './settings';
import { readVisit, type Visit } from './visit';

type HospitalEventType = HospitalEvent['type'];
type EventOf<T extends HospitalEventType> = Extract<HospitalEvent, { type: T }>;

/** An event before the person is known: everything but the NHS number and the envelope. */
export type EventDraft = {
  [T in HospitalEventType]: {
    readonly type: T;
    readonly occurredAt: Date;
    readonly payload: Omit<EventOf<T>['payload'], 'nhsNumber'>;
  };
}[HospitalEventType];

/** What the hub does with a trigger. */
export type Disposition =
  | 'events' // maps to hospital events (may be none, e.g. an A08 with nothing the hub tracks)
  | 'identity-only' // A28/A31: learn trust MRN → NHS number, no event
  | 'registration' // A04: outpatient / ED registration, kept raw, no event
  | 'pre-admission' // A05: nothing until the A01
  | 'not-used'; // other ADT triggers: kept raw, no event

/** A message read and checked: who, what, and the events it will become once the person is known. */
export interface AdtReading {
  readonly header: MessageHeader;
  readonly patient: PatientIdentity;
  readonly disposition: Disposition;
  readonly drafts: readonly EventDraft[];
  /** Other local ids that belong to the patient from now on (A40: the retired MRN). */
  readonly aliasMrns: readonly string[];
  /** Data-quality flags of the message (times in the wrong order within the tolerance), put on every event. */
  readonly dataQuality: readonly DataQualityFlag[];
}

export interface MappingContext {
  readonly settings: MappingSettings;
  readonly personKey: PersonKeyer;
}

const TRIGGER_DISPOSITION: Readonly<Record<string, Disposition>> = {
  A01: 'events',
  A02: 'events',
  A03: 'events',
  A08: 'events',
  A11: 'events',
  A12: 'events',
  A13: 'events',
  A21: 'events',
  A22: 'events',
  A40: 'events',
  A28: 'identity-only',
  A31: 'identity-only',
  A04: 'registration',
  A05: 'pre-admission',
};

/** Triggers that are about one hospital spell: they need PV1 with a visit number. */
const SPELL_TRIGGERS = new Set(['A01', 'A02', 'A03', 'A11', 'A12', 'A13', 'A21', 'A22']);

/**
 * Reads a parsed ADT message into the events it means (pure: no I/O, no clock). Throws Hl7ContentError
 * for anything the sender must fix, so a message is checked in full before it is accepted — also one
 * that will be held until its person is identified.
 */
export function readAdt(doc: Hl7Document, context: MappingContext): AdtReading {
  const { settings } = context;
  const header = readHeader(doc, settings);
  const disposition = TRIGGER_DISPOSITION[header.trigger] ?? 'not-used';
  const pid = doc.segment('PID');
  if (pid === undefined) throw requiredFieldMissing({ segment: 'PID' }, 'patient identification segment');
  const patient = readIdentifiers(pid, 3, 2, settings.nhsNumbers);
  if (patient.nhsNumber === null && patient.mrn === null) {
    throw requiredFieldMissing(
      { segment: 'PID', field: 3 },
      'patient identifier list: an NHS number or a local id',
    );
  }
  if (disposition !== 'events')
    return { header, patient, disposition, drafts: [], aliasMrns: [], dataQuality: [] };
  if (header.trigger === 'A40') return readMerge(doc, header, patient, context);

  const visit = readVisit(doc, settings);
  if (SPELL_TRIGGERS.has(header.trigger)) spellOf(visit);
  const when = header.eventTime ?? header.recordedTime ?? header.messageTime;
  const drafts: EventDraft[] = [];
  const died = deathOf(doc, settings);
  const dataQuality = timesInOrder(doc, visit, died.at, settings);

  switch (header.trigger) {
    case 'A01':
      drafts.push({
        type: 'PatientAdmitted',
        occurredAt: visit.admittedAt ?? when,
        payload: {
          spellId: spellOf(visit),
          location: visit.location ?? { site: null, ward: null, room: null, bed: null },
          patientClass: visit.patientClass,
          admissionMethodCode: visit.admissionMethodCode,
          ...readAdmissionFacts(pid, doc.segment('PV1'), visit.admittedAt ?? when),
        },
      });
      drafts.push(...inStayUpdates(doc, visit, when, settings));
      break;
    case 'A02':
    case 'A12': {
      // A12 (cancel transfer): PV1-3 holds the location before the cancelled transfer, PV1-6 the one
      // cancelled, so it is a move back — the contract has no "transfer cancelled" event.
      if (visit.location === null)
        throw requiredFieldMissing({ segment: 'PV1', field: 3 }, 'assigned patient location');
      drafts.push({
        type: 'PatientTransferred',
        occurredAt: when,
        payload: { spellId: spellOf(visit), from: visit.priorLocation, to: visit.location },
      });
      if (header.trigger === 'A02') drafts.push(...inStayUpdates(doc, visit, when, settings));
      break;
    }
    case 'A03': {
      const dischargedAt = visit.dischargedAt ?? when;
      const destination = visit.dischargeDestination ?? 'DD99_NOT_KNOWN';
      drafts.push({
        type: 'PatientDischarged',
        occurredAt: dischargedAt,
        payload: {
          spellId: spellOf(visit),
          destination,
          actualPathway: readReadiness(doc, settings).pathway ?? 'UNKNOWN',
          dischargeMethodCode: visit.dischargeMethodCode,
        },
      });
      if (died.indicated || destination === 'DD79_DIED' || visit.dischargeMethodCode === '4') {
        drafts.push({
          type: 'PatientDied',
          occurredAt: died.at ?? dischargedAt,
          payload: { spellId: spellOf(visit) },
        });
      }
      break;
    }
    case 'A08':
      drafts.push(...inStayUpdates(doc, visit, when, settings));
      if (died.indicated)
        drafts.push({
          type: 'PatientDied',
          occurredAt: died.at ?? when,
          payload: { spellId: visit.spellId },
        });
      break;
    case 'A11':
      drafts.push({ type: 'AdmissionCancelled', occurredAt: when, payload: { spellId: spellOf(visit) } });
      break;
    case 'A13':
      drafts.push({ type: 'DischargeCancelled', occurredAt: when, payload: { spellId: spellOf(visit) } });
      drafts.push(...inStayUpdates(doc, visit, when, settings));
      break;
    case 'A21':
      drafts.push({
        type: 'LeaveOfAbsenceStarted',
        occurredAt: when,
        payload: { spellId: spellOf(visit), expectedReturnAt: visit.expectedLeaveReturnAt },
      });
      break;
    case 'A22':
      drafts.push({ type: 'LeaveOfAbsenceEnded', occurredAt: when, payload: { spellId: spellOf(visit) } });
      drafts.push(...inStayUpdates(doc, visit, when, settings));
      break;
    default:
      throw new Hl7ContentError(
        'UNSUPPORTED_EVENT_CODE',
        { segment: 'MSH', field: 9, component: 2 },
        'trigger not mapped',
      );
  }
  return { header, patient, disposition, drafts, aliasMrns: [], dataQuality };
}

/** Where each time checked for order comes from, for the ERR segment. */
const TIME_FIELDS = {
  admitted: { segment: 'PV1', field: 44, name: 'PV1-44 (admit date/time)' },
  discharged: { segment: 'PV1', field: 45, name: 'PV1-45 (discharge date/time)' },
  died: { segment: 'PID', field: 29, name: 'PID-29 (patient death date and time)' },
  readyAt: { segment: 'ZDR', field: 1, name: 'discharge ready time (ZDR-1 / OBX)' },
  readyDate: { segment: 'ZDR', field: 1, name: 'discharge ready date (ZDR-1 / OBX)' },
} as const;

/**
 * The times of one message that must follow its admission (PV1-44): discharge, death and discharge
 * readiness (the expected discharge date is a plan, not a fact the projector orders by). Reversed within the clock-skew tolerance: flagged; beyond it: refused
 * with the fields and the gap (schemas time/ordering.ts). Without PV1-44 there is nothing to compare with.
 */
function timesInOrder(
  doc: Hl7Document,
  visit: Visit,
  diedAt: Date | null,
  settings: MappingSettings,
): DataQualityFlag[] {
  if (visit.admittedAt === null) return [];
  const admitted = { field: TIME_FIELDS.admitted.name, at: visit.admittedAt };
  const tolerance = settings.clockSkewToleranceMs;
  const checks: { check: OrderCheck; key: keyof typeof TIME_FIELDS }[] = [];
  const after = (key: keyof typeof TIME_FIELDS, at: Date | null): void => {
    if (at !== null)
      checks.push({ key, check: checkOrder(admitted, { field: TIME_FIELDS[key].name, at }, tolerance) });
  };
  const dayAfter = (key: keyof typeof TIME_FIELDS, date: string | null): void => {
    if (date !== null)
      checks.push({
        key,
        check: checkDateOrder(admitted, { field: TIME_FIELDS[key].name, date }, tolerance),
      });
  };
  after('discharged', visit.dischargedAt);
  after('died', diedAt);
  const { readiness } = readReadiness(doc, settings);
  if (readiness?.kind === 'declared') {
    after('readyAt', readiness.dischargeReadyAt);
    dayAfter('readyDate', readiness.dischargeReadyDate);
  }
  const result = combineOrderChecks(checks.map(({ check }) => check));
  if (result.kind === 'ok') return [...result.flags];
  const key = checks.find(({ check }) => check === result)?.key ?? 'discharged';
  const { segment, field } = TIME_FIELDS[key];
  const location = segment === 'ZDR' ? { segment: settings.readiness.segment, field } : { segment, field };
  throw new Hl7ContentError('DATA_TYPE_ERROR', location, result.problem);
}

function spellOf(visit: Visit): string {
  if (!visit.present) throw requiredFieldMissing({ segment: 'PV1' }, 'patient visit segment');
  if (visit.spellId === null) throw requiredFieldMissing({ segment: 'PV1', field: 19 }, 'visit number');
  return visit.spellId;
}

/**
 * What an in-stay message says that the contract tracks: the expected discharge date (PV2-9) and discharge
 * readiness (ZDR / OBX). The connector keeps no state, so it reports what the message carries; a repeat of
 * the same value is harmless downstream (same DRD, same date).
 */
function inStayUpdates(doc: Hl7Document, visit: Visit, when: Date, settings: MappingSettings): EventDraft[] {
  const drafts: EventDraft[] = [];
  const { readiness }: ReadinessReading = readReadiness(doc, settings);
  if (visit.expectedDischargeDate !== null) {
    drafts.push({
      type: 'ExpectedDischargeDateSet',
      occurredAt: when,
      payload: { spellId: spellOf(visit), expectedDischargeDate: visit.expectedDischargeDate },
    });
  }
  if (readiness?.kind === 'declared') {
    drafts.push({
      type: 'DischargeReadyDeclared',
      occurredAt: when,
      payload: {
        spellId: spellOf(visit),
        dischargeReadyDate: readiness.dischargeReadyDate,
        dischargeReadyAt: readiness.dischargeReadyAt,
        proposedPathway: readiness.proposedPathway,
        delay: readiness.delay,
      },
    });
  } else if (readiness?.kind === 'withdrawn') {
    drafts.push({
      type: 'DischargeReadinessWithdrawn',
      occurredAt: when,
      payload: { spellId: spellOf(visit), criterion: readiness.criterion },
    });
  }
  return drafts;
}

/** PID-30 patient death indicator (Y) and PID-29 date/time of death. */
function deathOf(doc: Hl7Document, settings: MappingSettings): { indicated: boolean; at: Date | null } {
  const pid = doc.segment('PID');
  const at = optionalDateTime(pid, 29, 'patient death date and time', settings)?.at ?? null;
  return { indicated: valueOf(pid, 30).toUpperCase() === 'Y', at };
}

/** A40: PID is the surviving record, MRG-1 the retired one. One PID/MRG pair per message. */
function readMerge(
  doc: Hl7Document,
  header: MessageHeader,
  patient: PatientIdentity,
  context: MappingContext,
): AdtReading {
  const merges = doc.segments('MRG');
  if (merges.length === 0)
    throw requiredFieldMissing({ segment: 'MRG' }, 'merge patient information segment');
  if (merges.length > 1 || doc.segments('PID').length > 1) {
    throw new Hl7ContentError(
      'SEGMENT_SEQUENCE_ERROR',
      { segment: 'MRG', sequence: 2 },
      'one merge (PID/MRG pair) per message is taken; send each merge as its own A40',
    );
  }
  const retired = readIdentifiers(merges[0], 1, undefined, context.settings.nhsNumbers);
  if (retired.mrn === null && retired.nhsNumber === null) {
    throw requiredFieldMissing({ segment: 'MRG', field: 1 }, 'prior patient identifier list');
  }
  const retiredNhsNumber =
    retired.nhsNumber !== null && retired.nhsNumber !== patient.nhsNumber ? retired.nhsNumber : null;
  const when = header.eventTime ?? header.recordedTime ?? header.messageTime;
  return {
    header,
    patient,
    disposition: 'events',
    drafts: [
      {
        type: 'PatientsMerged',
        occurredAt: when,
        payload: {
          retiredPatientId: retired.mrn ?? retired.nhsNumber ?? '',
          retiredNhsNumber,
          retiredPersonKey: retiredNhsNumber === null ? null : context.personKey(retiredNhsNumber),
        },
      },
    ],
    aliasMrns: retired.mrn !== null && retired.mrn !== patient.mrn ? [retired.mrn] : [],
    dataQuality: [],
  };
}

/** The person a message's events are about. */
export interface Person {
  readonly nhsNumber: string;
  readonly personKey: string;
}

export interface EnvelopeMeta {
  readonly recordedAt: Date;
  readonly correlationId: string;
}

/**
 * The id under which a message's records dedupe: eventIdFor with the message id qualified by the sending
 * application (MSH-3^MSH-10), because two systems of one trust may number their messages alike.
 */
export const eventIdOf = (source: Source, type: string, part = ''): string =>
  source.messageId === null
    ? eventIdFor(source, type, part) // no message id: a random id, nothing to dedupe on
    : eventIdFor({ ...source, messageId: `${source.system}^${source.messageId}` }, type, part);

/** The hospital events of a reading for a known person (pure). */
export function eventsFor(reading: AdtReading, person: Person, meta: EnvelopeMeta): HospitalEvent[] {
  const { source } = reading.header;
  return reading.drafts.map((draft) => {
    const event = {
      eventId: eventIdOf(source, draft.type),
      type: draft.type,
      occurredAt: draft.occurredAt,
      recordedAt: meta.recordedAt,
      source,
      personKey: person.personKey,
      correlationId: meta.correlationId,
      ...(reading.dataQuality.length > 0 && { dataQuality: reading.dataQuality }),
      payload: { nhsNumber: person.nhsNumber, ...draft.payload },
    };
    // The draft's type and payload come from one branch of EventDraft, so this is that event type;
    // TypeScript cannot follow the correlation through the spread.
    return event as HospitalEvent;
  });
}
