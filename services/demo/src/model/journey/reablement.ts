import type { ReablementOutcome, ReablementSetting } from '@homefirst/schemas';
import { days, hours } from '../london-time';
import type { CityParameters } from '../parameters';
import { brokerAndSource, homeCareBrokerage } from './brokerage';
import { MINUTE, type Journey } from './context';

/**
 * A period of reablement (at home on P1, in a bed on P2) with its outcome; long-term support is brokered
 * towards its end. Completes the journey and returns when reablement ended.
 */
export function reablement(
  j: Journey,
  referralId: string,
  packageId: string,
  setting: ReablementSetting,
  startedAt: number,
  duration: CityParameters['reablement']['homeDays'],
): number {
  const { p, r, rec, time } = j;
  rec.council(referralId, 'ReablementStarted', startedAt, { setting, packageId });
  if (setting === 'HOME') {
    const scheduledFor = time.working(startedAt + days(r.lognormal(p.assessment.atHomeAfterStartDays)));
    rec.council(referralId, 'AssessmentScheduled', startedAt + 30 * MINUTE, {
      scheduledFor: new Date(scheduledFor),
    });
    rec.council(referralId, 'AssessmentCompleted', scheduledFor + hours(1), { servicesRequired: true });
  }
  const outcome = r.weighted(p.reablement.outcomeMix) as ReablementOutcome;
  const planned = r.lognormal(duration);
  const early = outcome === 'ADMITTED_TO_HOSPITAL' || outcome === 'DECEASED';
  const lastedDays = early ? planned * r.uniform(0.1, 1) : planned;
  const endedAt = early ? startedAt + days(lastedDays) : time.working(startedAt + days(lastedDays));
  if (outcome === 'LONG_TERM_SUPPORT') {
    // Brokered towards the end of reablement; the package starts when reablement ends (or later).
    const longTermPackageId = j.ctx.nextId('package');
    const requestedAt = time.working(Math.max(startedAt + days(1), endedAt - days(5)));
    rec.council(referralId, 'PackageRequested', requestedAt, {
      packageId: longTermPackageId,
      serviceType: 'HOME_CARE',
      hoursPerWeek: Math.round(r.uniform(p.p1.hoursPerWeek.min, p.p1.hoursPerWeek.max)),
    });
    const sourced = brokerAndSource(
      j,
      referralId,
      longTermPackageId,
      requestedAt,
      homeCareBrokerage(p),
      (slot) => Math.max(endedAt + MINUTE, slot),
    );
    rec.council(referralId, 'ReablementEnded', endedAt, { setting, packageId, outcome });
    rec.council(referralId, 'PackageStarted', sourced.startAt, {
      packageId: longTermPackageId,
      serviceType: 'HOME_CARE',
      providerId: sourced.providerId,
    });
  } else {
    rec.council(referralId, 'ReablementEnded', endedAt, { setting, packageId, outcome });
  }
  if (outcome === 'ADMITTED_TO_HOSPITAL') j.ctx.readmit(rec.person, endedAt, rec.spellId);
  j.close();
  return endedAt;
}
