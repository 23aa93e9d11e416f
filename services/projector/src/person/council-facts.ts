import type { CouncilEvent } from '@homefirst/schemas';
import type { CarePackage, FactsInProgress, Referral } from './facts';
import { getOrAdd } from './fold-state';
import { streamOf, type EntryOfType, type JournalEntry } from './journal';

/** The council stream's evolve: referrals, their assessments, care packages and reablement periods. */

export type CouncilEntry = EntryOfType<CouncilEvent['type']>;

export const isCouncilEntry = (entry: JournalEntry): entry is CouncilEntry =>
  streamOf(entry.type) === 'council';

const referralOf = (facts: FactsInProgress, referralId: string, councilCode: string, at: number): Referral =>
  getOrAdd(facts.referrals, `${councilCode}|${referralId}`, () => ({
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
  }));

/** The package a brokerage entry is about; any of them implies it was requested by then. */
const packageOf = (
  facts: FactsInProgress,
  entry: CouncilEntry & { p: { packageId: string } },
): CarePackage => {
  const owner = referralOf(facts, entry.p.referralId, entry.org, entry.at);
  let found = owner.packages.find((candidate) => candidate.packageId === entry.p.packageId);
  if (found === undefined) {
    found = {
      packageId: entry.p.packageId,
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
  found.requestedAt ??= entry.at;
  return found;
};

function endReablement(referral: Referral, entry: EntryOfType<'ReablementEnded'>): void {
  const open = referral.reablements.find((period) => period.endedAt === null);
  if (open !== undefined) {
    open.endedAt = entry.at;
    open.outcome = entry.p.outcome;
  } else {
    referral.reablements.push({
      startedAt: null,
      setting: 'UNKNOWN',
      endedAt: entry.at,
      outcome: entry.p.outcome,
    });
  }
}

/** Applies one council entry to the facts being folded. */
export function evolveCouncil(facts: FactsInProgress, entry: CouncilEntry): void {
  const { at } = entry;
  const referral = (): Referral => referralOf(facts, entry.p.referralId, entry.org, at);
  switch (entry.type) {
    case 'ReferralReceived': {
      const r = referral();
      r.receivedAt = Math.min(r.receivedAt, at);
      r.pathway = entry.p.pathway;
      r.routeOfAccess = entry.p.routeOfAccess;
      break;
    }
    case 'AssessmentScheduled':
      referral().assessmentScheduledFor = entry.p.scheduledFor;
      break;
    case 'AssessmentCompleted': {
      const r = referral();
      r.assessedAt = at;
      r.servicesRequired = entry.p.servicesRequired;
      break;
    }
    case 'PackageRequested':
      packageOf(facts, entry).serviceType = entry.p.serviceType;
      break;
    case 'ProviderOffered':
      packageOf(facts, entry).offers += 1;
      break;
    case 'ProviderDeclined':
      packageOf(facts, entry).declines += 1;
      break;
    case 'PackageSourced': {
      const p = packageOf(facts, entry);
      p.sourcedAt ??= at;
      p.providerId = entry.p.providerId;
      p.plannedStartDate = entry.p.plannedStartDate;
      break;
    }
    case 'PackageStarted': {
      const p = packageOf(facts, entry);
      p.startedAt ??= at;
      if (entry.p.serviceType !== 'UNKNOWN') p.serviceType = entry.p.serviceType;
      p.providerId = entry.p.providerId ?? p.providerId;
      break;
    }
    case 'ReablementStarted':
      referral().reablements.push({ startedAt: at, setting: entry.p.setting, endedAt: null, outcome: null });
      break;
    case 'ReablementEnded':
      endReablement(referral(), entry);
      break;
    case 'ReferralCancelled':
      referral().cancelledAt = at;
      break;
    default:
      entry satisfies never;
  }
}
