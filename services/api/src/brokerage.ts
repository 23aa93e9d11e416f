import { journeyRecord, parseStoredRecord } from '@homefirst/runtime';
import type { readModels } from '@homefirst/schemas';
import type { QueueView, ReferralsView } from './views';

/**
 * Where a council's brokerage stands for one person, from the council events of their journey — the
 * list a brokerage team works from. Pure: the journey's events in, the state out.
 */
export const BROKERAGE_STATES = [
  'awaiting_referral',
  'awaiting_assessment',
  'assessment_booked',
  'assessed',
  'package_requested',
  'offered',
  'declined',
  'sourced',
  'started',
  'cancelled',
] as const;
export type BrokerageStateName = (typeof BROKERAGE_STATES)[number];

export interface BrokerageState {
  readonly state: BrokerageStateName;
  /** When the event that set the state happened; null while no council event is known. */
  readonly since: string | null;
  /** The council referral in force (the latest received), null before any. */
  readonly referralReceivedAt: string | null;
  /** Offers to providers and their declines, under the referral in force. */
  readonly offers: number;
  readonly declines: number;
  /** Planned start of the sourced package (YYYY-MM-DD), when one is sourced. */
  readonly plannedStart: string | null;
}

type CouncilEvent = Pick<readModels.JourneyEvent, 'at' | 'stream' | 'type' | 'orgCode' | 'summary'>;

/**
 * The planned start date of a PackageSourced line. The journey keeps no structured payload, only the
 * projector's one-line summary ("Provider X sourced, starting 2025-03-10"); null if the line has no date.
 */
export function plannedStartOf(summary: string): string | null {
  return /starting (\d{4}-\d{2}-\d{2})/.exec(summary)?.[1] ?? null;
}

/**
 * The brokerage state of the council's referral in force: the council events of `council` after its latest
 * ReferralReceived, in journey (event-time) order. Events of other councils and of the hospital are ignored.
 */
export function brokerageOf(events: readonly CouncilEvent[], council: string): BrokerageState {
  let state: BrokerageState = {
    state: 'awaiting_referral',
    since: null,
    referralReceivedAt: null,
    offers: 0,
    declines: 0,
    plannedStart: null,
  };
  for (const event of events) {
    if (event.stream !== 'council' || event.orgCode !== council) continue;
    const at = event.at;
    switch (event.type) {
      case 'ReferralReceived':
        state = { ...state, state: 'awaiting_assessment', since: at, referralReceivedAt: at };
        state = { ...state, offers: 0, declines: 0, plannedStart: null };
        break;
      case 'AssessmentScheduled':
        state = { ...state, state: 'assessment_booked', since: at };
        break;
      case 'AssessmentCompleted':
        state = { ...state, state: 'assessed', since: at };
        break;
      case 'PackageRequested':
        state = { ...state, state: 'package_requested', since: at };
        break;
      case 'ProviderOffered':
        state = { ...state, state: 'offered', since: at, offers: state.offers + 1 };
        break;
      case 'ProviderDeclined':
        state = { ...state, state: 'declined', since: at, declines: state.declines + 1 };
        break;
      case 'PackageSourced':
        state = { ...state, state: 'sourced', since: at, plannedStart: plannedStartOf(event.summary) };
        break;
      case 'PackageStarted':
      case 'ReablementStarted':
      case 'ReablementEnded':
        state = { ...state, state: 'started', since: at };
        break;
      case 'ReferralCancelled':
        state = { ...state, state: 'cancelled', since: at };
        break;
      case 'PatientAdmitted':
      case 'PatientTransferred':
      case 'DischargeReadyDeclared':
      case 'DischargeReadinessWithdrawn':
      case 'ExpectedDischargeDateSet':
      case 'PatientDischarged':
      case 'AdmissionCancelled':
      case 'DischargeCancelled':
      case 'LeaveOfAbsenceStarted':
      case 'LeaveOfAbsenceEnded':
      case 'PatientDied':
      case 'PatientsMerged':
        // Hospital events: never on the council stream.
        break;
      default:
        event.type satisfies never;
    }
  }
  return state;
}

/** A council's referrals view: the queue page under its code, each with its brokerage state from its journey. */
export function referralsOf(
  queue: QueueView,
  keys: readonly string[],
  texts: readonly (string | null)[],
  council: string,
): ReferralsView {
  return {
    now: queue.now,
    total: queue.total,
    page: queue.page,
    pageSize: queue.pageSize,
    items: queue.items.map((item, i) => {
      const text = texts[i];
      const key = keys[i] ?? '';
      const events = text ? parseStoredRecord(journeyRecord, key, text).events : [];
      return {
        personKey: item.personKey,
        nhsNumber: item.nhsNumber,
        trust: item.trust,
        site: item.site,
        ward: item.ward,
        pathway: item.pathway,
        readySince: item.readySince,
        daysWaiting: item.daysWaiting,
        dischargeReadyDate: item.dischargeReadyDate,
        longDelay: item.longDelay,
        delayReason: item.delayReason,
        council,
        brokerage: brokerageOf(events, council),
      };
    }),
    longDelayCount: queue.longDelayCount,
  };
}
