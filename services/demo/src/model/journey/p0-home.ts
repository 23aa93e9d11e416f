import { days, hours } from '../london-time';
import type { Journey, Referral } from './context';

/** P0: home with no new support, in the ward's discharge hours. */
export function p0Home(j: Journey, wardReadyAt: number): void {
  j.dischargeHome(wardReadyAt, 'P0');
}

/** A P1 referral cancelled because the plan changed to P0: home without support once the ward is ready. */
export function p1PlanChangedToP0(j: Journey, { referralId, referralAt, wardReadyAt }: Referral): void {
  const cancelledAt = j.time.working(referralAt + days(j.r.uniform(0.5, 1.5)));
  j.rec.council(referralId, 'ReferralCancelled', cancelledAt, { reasonCode: 'PLAN_CHANGED' });
  j.dischargeHome(j.time.dischargeSlot(Math.max(wardReadyAt, cancelledAt + hours(1))), 'P0');
}
