import { days, hours, londonDate } from '../london-time';
import { assessOnWard, requestAfterAssessment } from './brokerage';
import { MINUTE, type Journey, type Referral } from './context';
import { reablement } from './reablement';

/** P2: a reablement bed, when one of the council's beds is free (first come, first served). */
export function p2ReablementBed(j: Journey, { referralId, referralAt, wardReadyAt }: Referral): void {
  const { p, r, rec, time, ctx } = j;
  const assessedAt = assessOnWard(j, referralId, referralAt);
  const packageId = ctx.nextId('package');
  const requestedAt = requestAfterAssessment(
    j,
    referralId,
    assessedAt,
    packageId,
    'REABLEMENT_BED',
    () => null,
  );
  const arrangedAt = time.working(requestedAt + days(r.lognormal(p.p2.arrangeDays)));
  const unit = r.pick(p.council.bedBasedUnits);
  ctx.queue.at(arrangedAt, () =>
    ctx.beds.request((grantedAt) => {
      const offeredAt = time.working(grantedAt);
      rec.council(referralId, 'ProviderOffered', offeredAt, { packageId, providerId: unit.id });
      const dischargedAt = time.dischargeSlot(Math.max(wardReadyAt, offeredAt + hours(2)));
      rec.council(referralId, 'PackageSourced', offeredAt + 30 * MINUTE, {
        packageId,
        providerId: unit.id,
        plannedStartDate: londonDate(new Date(dischargedAt)),
      });
      j.discharge(dischargedAt, {
        destinationCode: '56',
        methodCode: '1',
        pathway: 'P2',
        name: unit.name,
        died: false,
      });
      const startedAt = dischargedAt + hours(r.uniform(1, 3));
      const endedAt = reablement(j, referralId, packageId, 'BED_BASED', startedAt, p.p2.stayDays);
      ctx.beds.releaseAt(endedAt);
    }),
  );
}
