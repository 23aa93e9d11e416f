import {
  readModels,
  type DischargeDelay,
  type DischargeDestination,
  type LocalDate,
  type Location,
  type Pathway,
  type PatientClass,
  type ReablementOutcome,
  type ReablementSetting,
  type RouteOfAccess,
  type ServiceType,
} from '@homefirst/schemas';
import type { JournalEntry } from './journal';

const { startOfLocalDay } = readModels;

/**
 * The facts of a person's history, folded from their journal in event-time order. Everything here is a
 * time-stamped fact; statuses that depend on "now" are computed at query time from these.
 */

export interface Timed<T> {
  readonly at: number;
  readonly value: T;
}

export type EpisodeEnding = 'DISCHARGED' | 'WITHDRAWN' | 'DIED';

/** One readiness episode: from "no longer meets the criteria to reside" to discharge, withdrawal or death. */
export interface ReadinessEpisode {
  readonly spellId: string;
  /** Start of the 48-hour clock: the NCTR time when sent, else the start of the DRD (London time). */
  readyAt: number;
  dischargeReadyDate: LocalDate;
  /** Time of the first declaration (may be after readyAt when the DRD was back-dated). */
  declaredAt: number;
  /** Proposed pathway, per declaration. */
  readonly pathways: Timed<Pathway>[];
  /** Delay reasons the trust gave (UNKNOWN and null ones are not reasons). */
  readonly delays: Timed<DischargeDelay>[];
  endedAt: number | null;
  ending: EpisodeEnding | null;
}

export type SpellStatus = 'IN_HOSPITAL' | 'DISCHARGED' | 'DIED' | 'CANCELLED';

export interface Spell {
  readonly spellId: string;
  /** ODS code of the trust. */
  readonly trustCode: string;
  admittedAt: number | null;
  /** Time of the spell's first event, when the admission has not arrived (yet). */
  firstSeenAt: number;
  patientClass: PatientClass | null;
  readonly locations: Timed<Location>[];
  status: SpellStatus;
  dischargedAt: number | null;
  destination: DischargeDestination | null;
  actualPathway: Pathway | null;
  diedAt: number | null;
  onLeave: boolean;
  expectedDischargeDate: LocalDate | null;
  readonly episodes: ReadinessEpisode[];
}

export interface CarePackage {
  readonly packageId: string;
  requestedAt: number | null;
  serviceType: ServiceType;
  offers: number;
  declines: number;
  sourcedAt: number | null;
  providerId: string | null;
  plannedStartDate: LocalDate | null;
  startedAt: number | null;
}

export interface ReablementPeriod {
  startedAt: number | null;
  setting: ReablementSetting;
  endedAt: number | null;
  outcome: ReablementOutcome | null;
}

export interface Referral {
  readonly referralId: string;
  /** ONS code of the council. */
  readonly councilCode: string;
  receivedAt: number;
  pathway: Pathway;
  routeOfAccess: RouteOfAccess | null;
  assessmentScheduledFor: number | null;
  assessedAt: number | null;
  servicesRequired: boolean | null;
  readonly packages: CarePackage[];
  readonly reablements: ReablementPeriod[];
  cancelledAt: number | null;
}

export interface PersonFacts {
  readonly spells: readonly Spell[];
  readonly referrals: readonly Referral[];
  readonly diedAt: number | null;
}

const spellEnd = (spell: Spell): number | null =>
  spell.status === 'DISCHARGED' ? spell.dischargedAt : spell.status === 'DIED' ? spell.diedAt : null;

/** Folds a journal (already in event-time order) into facts. Pure. */
export function foldFacts(journal: readonly JournalEntry[]): PersonFacts {
  const spells = new Map<string, Spell>();
  const referrals = new Map<string, Referral>();
  let diedAt: number | null = null;

  const spell = (spellId: string, trustCode: string, at: number): Spell => {
    let found = spells.get(spellId);
    if (found === undefined) {
      found = {
        spellId,
        trustCode,
        admittedAt: null,
        firstSeenAt: at,
        patientClass: null,
        locations: [],
        status: 'IN_HOSPITAL',
        dischargedAt: null,
        destination: null,
        actualPathway: null,
        diedAt: null,
        onLeave: false,
        expectedDischargeDate: null,
        episodes: [],
      };
      spells.set(spellId, found);
    }
    return found;
  };
  const referral = (referralId: string, councilCode: string, at: number): Referral => {
    const key = `${councilCode}|${referralId}`;
    let found = referrals.get(key);
    if (found === undefined) {
      found = {
        referralId,
        councilCode,
        receivedAt: at,
        pathway: 'UNKNOWN',
        routeOfAccess: null,
        assessmentScheduledFor: null,
        assessedAt: null,
        servicesRequired: null,
        packages: [],
        reablements: [],
        cancelledAt: null,
      };
      referrals.set(key, found);
    }
    return found;
  };
  const carePackage = (owner: Referral, packageId: string): CarePackage => {
    let found = owner.packages.find((candidate) => candidate.packageId === packageId);
    if (found === undefined) {
      found = {
        packageId,
        requestedAt: null,
        serviceType: 'UNKNOWN',
        offers: 0,
        declines: 0,
        sourcedAt: null,
        providerId: null,
        plannedStartDate: null,
        startedAt: null,
      };
      owner.packages.push(found);
    }
    return found;
  };
  const openEpisode = (owner: Spell): ReadinessEpisode | undefined =>
    owner.episodes.find((episode) => episode.endedAt === null);
  const endOpenEpisode = (owner: Spell, at: number, ending: EpisodeEnding): void => {
    const open = openEpisode(owner);
    if (open !== undefined) {
      open.endedAt = Math.max(at, open.readyAt);
      open.ending = ending;
    }
  };

  for (const entry of journal) {
    const { at } = entry;
    switch (entry.type) {
      case 'PatientAdmitted': {
        const s = spell(entry.p.spellId, entry.org, at);
        s.admittedAt ??= at;
        s.patientClass = entry.p.patientClass;
        s.locations.push({ at, value: entry.p.location });
        break;
      }
      case 'PatientTransferred':
        spell(entry.p.spellId, entry.org, at).locations.push({ at, value: entry.p.to });
        break;
      case 'ExpectedDischargeDateSet':
        spell(entry.p.spellId, entry.org, at).expectedDischargeDate = entry.p.expectedDischargeDate;
        break;
      case 'DischargeReadyDeclared': {
        const s = spell(entry.p.spellId, entry.org, at);
        if (s.status === 'CANCELLED') break;
        const readyAt = entry.p.dischargeReadyAt ?? startOfLocalDay(entry.p.dischargeReadyDate);
        const delay =
          entry.p.delay !== null && entry.p.delay.reason !== 'UNKNOWN' ? [{ at, value: entry.p.delay }] : [];
        const update = (episode: ReadinessEpisode): void => {
          const last = episode.pathways.at(-1);
          if (last?.value !== entry.p.proposedPathway)
            episode.pathways.push({ at, value: entry.p.proposedPathway });
          episode.delays.push(...delay);
        };
        const end = spellEnd(s);
        if (end !== null) {
          // Declared after the patient left: a retrospective episode, closed by that discharge or death.
          if (readyAt > end) break;
          const closedByEnd = s.episodes.find((episode) => episode.endedAt === end);
          if (closedByEnd !== undefined) {
            update(closedByEnd);
            break;
          }
          s.episodes.push({
            spellId: s.spellId,
            readyAt,
            dischargeReadyDate: entry.p.dischargeReadyDate,
            declaredAt: at,
            pathways: [{ at, value: entry.p.proposedPathway }],
            delays: delay,
            endedAt: end,
            ending: s.status === 'DIED' ? 'DIED' : 'DISCHARGED',
          });
          break;
        }
        const open = openEpisode(s);
        if (open !== undefined) {
          // A re-declaration while ready: a corrected DRD, a new pathway or a delay reason.
          open.readyAt = readyAt;
          open.dischargeReadyDate = entry.p.dischargeReadyDate;
          update(open);
          break;
        }
        // After a withdrawal the DRD restarts: the new clock cannot start before the last episode ended.
        const previousEnd = s.episodes.reduce((latest, episode) => Math.max(latest, episode.endedAt ?? 0), 0);
        s.episodes.push({
          spellId: s.spellId,
          readyAt: Math.max(readyAt, previousEnd),
          dischargeReadyDate: entry.p.dischargeReadyDate,
          declaredAt: at,
          pathways: [{ at, value: entry.p.proposedPathway }],
          delays: delay,
          endedAt: null,
          ending: null,
        });
        break;
      }
      case 'DischargeReadinessWithdrawn':
        endOpenEpisode(spell(entry.p.spellId, entry.org, at), at, 'WITHDRAWN');
        break;
      case 'PatientDischarged': {
        const s = spell(entry.p.spellId, entry.org, at);
        if (s.status === 'CANCELLED') break;
        const died = entry.p.destination === 'DD79_DIED';
        if (s.status === 'DISCHARGED' && s.dischargedAt !== null) {
          // A second discharge message for the same spell corrects the first.
          for (const episode of s.episodes) if (episode.endedAt === s.dischargedAt) episode.endedAt = at;
        } else {
          endOpenEpisode(s, at, died ? 'DIED' : 'DISCHARGED');
        }
        s.status = 'DISCHARGED';
        s.dischargedAt = at;
        s.destination = entry.p.destination;
        s.actualPathway = entry.p.actualPathway;
        s.onLeave = false;
        if (died) diedAt ??= at;
        break;
      }
      case 'DischargeCancelled': {
        const s = spell(entry.p.spellId, entry.org, at);
        if (s.status !== 'DISCHARGED') break;
        for (const episode of s.episodes) {
          if (episode.endedAt === s.dischargedAt && episode.ending !== 'WITHDRAWN') {
            episode.endedAt = null;
            episode.ending = null;
          }
        }
        s.status = 'IN_HOSPITAL';
        s.dischargedAt = null;
        s.destination = null;
        s.actualPathway = null;
        break;
      }
      case 'AdmissionCancelled':
        spell(entry.p.spellId, entry.org, at).status = 'CANCELLED';
        break;
      case 'LeaveOfAbsenceStarted':
        spell(entry.p.spellId, entry.org, at).onLeave = true;
        break;
      case 'LeaveOfAbsenceEnded':
        spell(entry.p.spellId, entry.org, at).onLeave = false;
        break;
      case 'PatientDied': {
        diedAt ??= at;
        const s =
          entry.p.spellId !== null
            ? spell(entry.p.spellId, entry.org, at)
            : [...spells.values()].reverse().find((candidate) => candidate.status === 'IN_HOSPITAL');
        if (s === undefined || s.status === 'CANCELLED' || s.status === 'DISCHARGED') break;
        endOpenEpisode(s, at, 'DIED');
        s.status = 'DIED';
        s.diedAt = at;
        break;
      }
      case 'PatientsMerged':
        break;
      case 'ReferralReceived': {
        const r = referral(entry.p.referralId, entry.org, at);
        r.receivedAt = Math.min(r.receivedAt, at);
        r.pathway = entry.p.pathway;
        r.routeOfAccess = entry.p.routeOfAccess;
        break;
      }
      case 'AssessmentScheduled':
        referral(entry.p.referralId, entry.org, at).assessmentScheduledFor = entry.p.scheduledFor;
        break;
      case 'AssessmentCompleted': {
        const r = referral(entry.p.referralId, entry.org, at);
        r.assessedAt = at;
        r.servicesRequired = entry.p.servicesRequired;
        break;
      }
      case 'PackageRequested': {
        const p = carePackage(referral(entry.p.referralId, entry.org, at), entry.p.packageId);
        p.requestedAt ??= at;
        p.serviceType = entry.p.serviceType;
        break;
      }
      case 'ProviderOffered': {
        const p = carePackage(referral(entry.p.referralId, entry.org, at), entry.p.packageId);
        p.requestedAt ??= at;
        p.offers += 1;
        break;
      }
      case 'ProviderDeclined': {
        const p = carePackage(referral(entry.p.referralId, entry.org, at), entry.p.packageId);
        p.requestedAt ??= at;
        p.declines += 1;
        break;
      }
      case 'PackageSourced': {
        const p = carePackage(referral(entry.p.referralId, entry.org, at), entry.p.packageId);
        p.requestedAt ??= at;
        p.sourcedAt ??= at;
        p.providerId = entry.p.providerId;
        p.plannedStartDate = entry.p.plannedStartDate;
        break;
      }
      case 'PackageStarted': {
        const p = carePackage(referral(entry.p.referralId, entry.org, at), entry.p.packageId);
        p.requestedAt ??= at;
        p.startedAt ??= at;
        if (entry.p.serviceType !== 'UNKNOWN') p.serviceType = entry.p.serviceType;
        p.providerId = entry.p.providerId ?? p.providerId;
        break;
      }
      case 'ReablementStarted':
        referral(entry.p.referralId, entry.org, at).reablements.push({
          startedAt: at,
          setting: entry.p.setting,
          endedAt: null,
          outcome: null,
        });
        break;
      case 'ReablementEnded': {
        const r = referral(entry.p.referralId, entry.org, at);
        const open = r.reablements.find((period) => period.endedAt === null);
        if (open !== undefined) {
          open.endedAt = at;
          open.outcome = entry.p.outcome;
        } else {
          r.reablements.push({ startedAt: null, setting: 'UNKNOWN', endedAt: at, outcome: entry.p.outcome });
        }
        break;
      }
      case 'ReferralCancelled':
        referral(entry.p.referralId, entry.org, at).cancelledAt = at;
        break;
      default:
        entry satisfies never;
    }
  }
  return { spells: [...spells.values()], referrals: [...referrals.values()], diedAt };
}

export { spellEnd };
