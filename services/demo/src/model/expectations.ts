import type { CityParameters } from './parameters';

/**
 * What the parameters imply for the headline figures, worked out by hand from the model (not measured
 * from a run), with the spread sampling alone would give. The seeded-week test holds a simulation to
 * these; a change to the model that breaks them is a change in what the city means.
 */

export interface Expected {
  readonly mean: number;
  /** Standard deviation from sampling (Poisson for counts, binomial for shares). */
  readonly sd: number;
}

/** Index admissions over `days`: a Poisson process with `perDay` a day. */
export function expectedAdmissions(params: CityParameters, days: number): Expected {
  const mean = params.admissions.perDay * days;
  return { mean, sd: Math.sqrt(mean) };
}

/**
 * Shares of discharges alive by the pathway actually taken: the planning mix, except that a share of P1
 * plans change to P0 when the family takes over. In steady state every pathway is discharged at the rate
 * it is admitted, whatever its length of stay.
 */
export function expectedPathwayShares(
  params: CityParameters,
): Readonly<Record<'P0' | 'P1' | 'P2' | 'P3', number>> {
  const mix = params.pathwayMix;
  const changed = mix.P1 * params.p1.planChangedToP0Share;
  return { P0: mix.P0 + changed, P1: mix.P1 - changed, P2: mix.P2, P3: mix.P3 };
}

/** A share observed among `n` trials: binomial spread. */
export function binomial(share: number, n: number): Expected {
  return { mean: share, sd: n > 0 ? Math.sqrt((share * (1 - share)) / n) : 1 };
}

/** Share of discharges that are deaths in hospital (deaths are drawn per admission, before anything else). */
export function expectedDeathShare(params: CityParameters): number {
  return params.stay.inHospitalDeathShare;
}

/** Share of discharges alive that go into reablement (P1 with the reablement service, and P2). */
export function expectedReablementShare(params: CityParameters): number {
  const p1Kept = params.pathwayMix.P1 * (1 - params.p1.planChangedToP0Share);
  return p1Kept * params.p1.reablementShare + params.pathwayMix.P2;
}

/**
 * Readmissions a day in steady state. A stay (index or readmission) that is not cancelled and does not
 * end in death leads to a readmission with probability q: `within30DaysShare` for people not going
 * into reablement, the ADMITTED_TO_HOSPITAL outcome share for those who do. Readmissions can be
 * readmitted too, so the rate λr solves λr = (perDay + λr)·q: λr = perDay·q / (1 − q).
 */
export function expectedReadmissions(params: CityParameters, days: number): Expected {
  const alive = (1 - params.admissions.recordedInErrorShare) * (1 - params.stay.inHospitalDeathShare);
  const reablement = expectedReablementShare(params);
  const q =
    alive *
    ((1 - reablement) * params.readmission.within30DaysShare +
      reablement * params.reablement.outcomeMix.ADMITTED_TO_HOSPITAL);
  const mean = ((params.admissions.perDay * q) / (1 - q)) * days;
  return { mean, sd: Math.sqrt(mean) };
}

/** How far `actual` is from `expected`, in standard deviations. */
export function zScore(actual: number, expected: Expected): number {
  return (actual - expected.mean) / expected.sd;
}
