import { days, hours, londonDate } from '../london-time';
import { assessOnWard, brokerAndSource, homeCareBrokerage, requestAfterAssessment } from './brokerage';
import type { Journey, Referral } from './context';
import { dischargeOntoPackage } from './package-start';
import { reablement } from './reablement';

/** P1 Home First: the reablement team takes the person on, home the same day; assessed at home. */
export function p1Reablement(j: Journey, { referralId, referralAt, wardReadyAt }: Referral): void {
  const { p, r, rec, time } = j;
  const packageId = j.ctx.nextId('package');
  const requestedAt = time.working(referralAt + hours(r.uniform(0.25, 2)));
  rec.council(referralId, 'PackageRequested', requestedAt, {
    packageId,
    serviceType: 'REABLEMENT_AT_HOME',
    hoursPerWeek: null,
  });
  const sourcedAt = time.working(requestedAt + days(r.lognormal(p.p1.reablementStartDays)));
  const startSlot = time.startSlotAfter(sourcedAt);
  rec.council(referralId, 'PackageSourced', sourcedAt, {
    packageId,
    providerId: p.council.reablementTeam.id,
    plannedStartDate: londonDate(new Date(startSlot)),
  });
  const dischargedAt = time.dischargeSlot(Math.max(wardReadyAt, startSlot));
  j.discharge(dischargedAt, {
    destinationCode: '19',
    methodCode: '1',
    pathway: 'P1',
    name: null,
    died: false,
  });
  reablement(j, referralId, packageId, 'HOME', dischargedAt + hours(r.uniform(1, 4)), p.reablement.homeDays);
}

/** P1 with a new home-care package: assessed on the ward, then brokerage with its long tail. */
export function p1HomeCare(j: Journey, { referralId, referralAt, wardReadyAt }: Referral): void {
  const { p, r } = j;
  const assessedAt = assessOnWard(j, referralId, referralAt);
  const packageId = j.ctx.nextId('package');
  const requestedAt = requestAfterAssessment(j, referralId, assessedAt, packageId, 'HOME_CARE', () =>
    Math.round(r.uniform(p.p1.hoursPerWeek.min, p.p1.hoursPerWeek.max)),
  );
  const sourced = brokerAndSource(j, referralId, packageId, requestedAt, homeCareBrokerage(p));
  dischargeOntoPackage(
    j,
    referralId,
    wardReadyAt,
    { ...sourced, packageId, serviceType: 'HOME_CARE' },
    { destinationCode: '19', methodCode: '1', pathway: 'P1', name: null, died: false },
    { min: 2, max: 6 },
  );
}
