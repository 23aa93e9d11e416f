import type { ServiceType } from '@homefirst/schemas';
import { assessOnWard, brokerAndSource, careHomeBrokerage, requestAfterAssessment } from './brokerage';
import type { Journey, Referral } from './context';
import { dischargeOntoPackage } from './package-start';

/** P3: a care-home placement, brokered (care homes decline more often). */
export function p3CareHome(j: Journey, { referralId, referralAt, wardReadyAt }: Referral): void {
  const { p, r } = j;
  const assessedAt = assessOnWard(j, referralId, referralAt);
  const packageId = j.ctx.nextId('package');
  const nursing = r.chance(p.p3.nursingShare);
  const serviceType: ServiceType = nursing ? 'NURSING_CARE' : 'RESIDENTIAL_CARE';
  const requestedAt = requestAfterAssessment(j, referralId, assessedAt, packageId, serviceType, () => null);
  const sourced = brokerAndSource(j, referralId, packageId, requestedAt, careHomeBrokerage(p));
  const home = p.council.careHomes.find((candidate) => candidate.id === sourced.providerId);
  dischargeOntoPackage(
    j,
    referralId,
    wardReadyAt,
    { ...sourced, packageId, serviceType },
    {
      destinationCode: nursing ? '55' : '56',
      methodCode: '1',
      pathway: 'P3',
      name: home?.name ?? null,
      died: false,
    },
    { min: 1, max: 3 },
  );
}
