import type { ServiceType } from '@homefirst/schemas';
import { hours } from '../london-time';
import type { SourcedPackage } from './brokerage';
import type { DischargeHow, Journey } from './context';

/**
 * Home on a sourced package (home care on P1, a care home on P3): discharged in the ward's discharge
 * hours once both the ward and the package are ready, the package starting a few hours later. Completes
 * the journey.
 */
export function dischargeOntoPackage(
  j: Journey,
  referralId: string,
  wardReadyAt: number,
  pkg: SourcedPackage & { readonly packageId: string; readonly serviceType: ServiceType },
  how: DischargeHow,
  startsAfterHours: { readonly min: number; readonly max: number },
): void {
  const dischargedAt = j.time.dischargeSlot(Math.max(wardReadyAt, pkg.startAt));
  j.discharge(dischargedAt, how);
  j.rec.council(
    referralId,
    'PackageStarted',
    dischargedAt + hours(j.r.uniform(startsAfterHours.min, startsAfterHours.max)),
    { packageId: pkg.packageId, serviceType: pkg.serviceType, providerId: pkg.providerId },
  );
  j.maybeReadmit(dischargedAt);
  j.close();
}
