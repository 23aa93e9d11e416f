import type { ServiceType } from '@homefirst/schemas';
import { days, hours, londonDate } from '../london-time';
import type { CityParameters } from '../parameters';
import { MINUTE, type Journey } from './context';

/** Where a package is brokered: how long it takes, among which providers, how often each declines. */
export interface Brokerage {
  readonly duration: CityParameters['p1']['homeCareBrokerageDays'];
  readonly providers: CityParameters['council']['homeCareProviders'];
  readonly declineShare: number;
}

export const homeCareBrokerage = (p: CityParameters): Brokerage => ({
  duration: p.p1.homeCareBrokerageDays,
  providers: p.council.homeCareProviders,
  declineShare: p.p1.providerDeclineShare,
});

export const careHomeBrokerage = (p: CityParameters): Brokerage => ({
  duration: p.p3.brokerageDays,
  providers: p.council.careHomes,
  declineShare: p.p3.providerDeclineShare,
});

/** A trusted-assessor assessment on the ward; returns when it was completed. */
export function assessOnWard(j: Journey, referralId: string, referralAt: number): number {
  const { p, r } = j;
  const scheduledFor = j.time.working(
    referralAt + hours(r.lognormal(p.assessment.inHospitalAfterReferralHours)),
  );
  j.rec.council(referralId, 'AssessmentScheduled', referralAt + 20 * MINUTE, {
    scheduledFor: new Date(scheduledFor),
  });
  const completedAt = scheduledFor + hours(r.uniform(0.5, 2));
  j.rec.council(referralId, 'AssessmentCompleted', completedAt, { servicesRequired: true });
  return completedAt;
}

/**
 * A package requested half an hour to three hours after the assessment, in working hours; the hours a
 * week are drawn after the request time. Returns when it was requested.
 */
export function requestAfterAssessment(
  j: Journey,
  referralId: string,
  assessedAt: number,
  packageId: string,
  serviceType: ServiceType,
  hoursPerWeek: () => number | null,
): number {
  const requestedAt = j.time.working(assessedAt + hours(j.r.uniform(0.5, 3)));
  j.rec.council(referralId, 'PackageRequested', requestedAt, {
    packageId,
    serviceType,
    hoursPerWeek: hoursPerWeek(),
  });
  return requestedAt;
}

/**
 * Brokerage: the requirement goes to providers one after another; each declines with
 * `declineShare` until one accepts. Returns when it was sourced, and by whom.
 */
function broker(
  j: Journey,
  referralId: string,
  packageId: string,
  requestedAt: number,
  { duration, providers, declineShare }: Brokerage,
): { at: number; providerId: string } {
  const { r, time } = j;
  const sourcedAt = time.working(requestedAt + days(r.lognormal(duration)));
  let declines = 0;
  while (declines < 8 && r.chance(declineShare)) declines += 1;
  const slot = (sourcedAt - requestedAt) / (declines + 1);
  const offset = r.int(0, providers.length - 1);
  const providerAt = (i: number): string =>
    (providers[(offset + i) % providers.length] ?? providers[0])?.id ?? 'UNKNOWN';
  // Times are mapped into working hours without jitter, which keeps them in order.
  for (let i = 0; i < declines; i += 1) {
    const providerId = providerAt(i);
    const offeredAt = time.workingExact(requestedAt + slot * (i + r.uniform(0.05, 0.3)));
    j.rec.council(referralId, 'ProviderOffered', offeredAt, { packageId, providerId });
    const declinedAt = time.workingExact(requestedAt + slot * (i + r.uniform(0.5, 0.95)));
    j.rec.council(referralId, 'ProviderDeclined', declinedAt, {
      packageId,
      providerId,
      reasonCode: r.pick(['NO_CAPACITY', 'OUTSIDE_AREA', 'UNABLE_TO_MEET_NEEDS']),
    });
  }
  const providerId = providerAt(declines);
  const offeredAt = Math.min(
    sourcedAt - MINUTE,
    time.workingExact(requestedAt + slot * (declines + r.uniform(0.05, 0.5))),
  );
  j.rec.council(referralId, 'ProviderOffered', offeredAt, { packageId, providerId });
  return { at: sourcedAt, providerId };
}

/** A package brokered and sourced; its planned start is `startOf` the first start slot after sourcing. */
export interface SourcedPackage {
  readonly providerId: string;
  readonly startAt: number;
}

export function brokerAndSource(
  j: Journey,
  referralId: string,
  packageId: string,
  requestedAt: number,
  brokerage: Brokerage,
  startOf: (startSlot: number) => number = (startSlot) => startSlot,
): SourcedPackage {
  const sourced = broker(j, referralId, packageId, requestedAt, brokerage);
  const startAt = startOf(j.time.startSlotAfter(sourced.at));
  j.rec.council(referralId, 'PackageSourced', sourced.at, {
    packageId,
    providerId: sourced.providerId,
    plannedStartDate: londonDate(new Date(startAt)),
  });
  return { providerId: sourced.providerId, startAt };
}
