import { readModels } from '@homefirst/schemas';
import type { PersonFacts, Referral } from '../person/facts';
import { localDateOf } from './episode';

/**
 * The referral for a bed that NICE QS173 statement 2 counts from (schemas readModels.intermediateCareView):
 * the earliest request for a bed-based service (PackageRequested, REABLEMENT_BED) in the council referral, at
 * or before the start; without one, the council referral itself (ReferralReceived).
 */
export function bedReferralAt(referral: Referral, startedAt: number): number {
  const requests = referral.packages
    .filter((p) => p.serviceType === 'REABLEMENT_BED' && p.requestedAt !== null && p.requestedAt <= startedAt)
    .map((p) => p.requestedAt as number); // not null: filtered above
  return requests.length === 0 ? referral.receivedAt : Math.min(...requests);
}

const routeOf = (referral: Referral): readModels.ReferralRoute =>
  referral.routeOfAccess === null
    ? 'UNKNOWN'
    : referral.routeOfAccess === 'DISCHARGE_FROM_HOSPITAL'
      ? 'HOSPITAL'
      : 'COMMUNITY';

/**
 * What a person's reablement / intermediate-care periods add to the `icare` KPI hash: received into services
 * (by start day and setting), length of stay of ended periods, and days from the bed referral to a bed-based
 * start (QS173). Periods without a start (an end the hub saw without its start) are not counted.
 */
export function intermediateCareFields(facts: PersonFacts): [string, number][] {
  const fields: [string, number][] = [];
  for (const referral of facts.referrals) {
    for (const period of referral.reablements) {
      if (period.startedAt === null) continue;
      fields.push(
        ...readModels.intermediateCareContribution({
          council: referral.councilCode,
          setting: period.setting,
          startDay: localDateOf(period.startedAt),
          endDay: period.endedAt === null ? null : localDateOf(period.endedAt),
          referralDay: localDateOf(bedReferralAt(referral, period.startedAt)),
          route: routeOf(referral),
        }),
      );
    }
  }
  return fields;
}
