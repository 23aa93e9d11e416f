import type { CriterionToReside, DelayReason, LocalDate, Location, Pathway } from '@homefirst/schemas';
import { delayAttributionByReason } from '@homefirst/schemas';
import { addDays, days, hours, londonDate } from '../london-time';
import type { CityParameters } from '../parameters';
import { Random } from '../random';
import { MINUTE, type CityContext, type DischargeHow, type Journey, type JourneyStart } from './context';
import { p0Home, p1PlanChangedToP0 } from './p0-home';
import { p1HomeCare, p1Reablement } from './p1-home-first';
import { p2ReablementBed } from './p2-reablement-bed';
import { p3CareHome } from './p3-care-home';
import { JourneyRecorder } from './recorder';
import { WorkingTime } from './working-time';

export type { CityContext, JourneyStart } from './context';

/**
 * One journey: a hospital stay from admission to discharge (or death), the care transfer hub's
 * referral, the council's assessment, brokerage and reablement after it (one file per pathway), and a
 * readmission when one follows. Times are drawn from the parameters with the journey's own random
 * stream; only the P2 bed queue waits on other journeys.
 */
export function runJourney(ctx: CityContext, start: JourneyStart): void {
  const r = Random.of(ctx.seed, 'journey', start.spellNo);
  const spellId = `${ctx.runTag}${String(start.spellNo).padStart(7, '0')}`;
  // Every draw that shapes the journey is made up front, in a fixed order, so changing one part of the
  // model does not reshuffle the rest of the journey.
  const p = ctx.params;
  const elective = start.readmissionOf === null && r.chance(p.admissions.electiveShare);
  const plan: StayPlan = {
    elective,
    methodCode: r.weighted(elective ? p.admissions.electiveMethodMix : p.admissions.emergencyMethodMix),
    recordedInError: r.chance(p.admissions.recordedInErrorShare),
    dies: r.chance(p.stay.inHospitalDeathShare),
    pathway: r.weighted(p.pathwayMix),
    p1Reablement: r.chance(p.p1.reablementShare),
  };
  const person = start.person ?? ctx.newPerson(r, plan.pathway !== 'P0' || plan.dies, start.admitAt);
  const site = pickSite(p, r);
  const firstBed = bedIn(p, r, site.code, elective ? 'SURGICAL' : 'ASSESSMENT');
  const recorder = new JourneyRecorder((fact) => ctx.record(fact), spellId, person, {
    spellId,
    admittedAt: new Date(start.admitAt),
    patientClass: 'INPATIENT',
    admissionMethodCode: plan.methodCode,
    location: firstBed,
    locations: [{ location: firstBed, since: new Date(start.admitAt) }],
    expectedDischargeDate: null,
    readiness: null,
  });
  new Stay(ctx, r, recorder, start).run(plan, site.code);
}

/** The draws made at admission. */
interface StayPlan {
  readonly elective: boolean;
  readonly methodCode: string;
  readonly recordedInError: boolean;
  readonly dies: boolean;
  readonly pathway: keyof CityParameters['pathwayMix'];
  readonly p1Reablement: boolean;
}

type Site = CityParameters['trust']['sites'][number];
type WardKind = Site['wards'][number]['kind'];

/** The hospital stay: admission, moves, the board round's estimates, readiness and the way out. */
class Stay implements Journey {
  readonly p: CityParameters;
  readonly time: WorkingTime;

  constructor(
    readonly ctx: CityContext,
    readonly r: Random,
    readonly rec: JourneyRecorder,
    private readonly start: JourneyStart,
  ) {
    this.p = ctx.params;
    this.time = new WorkingTime(this.p, r);
  }

  run(plan: StayPlan, siteCode: string): void {
    const { p, r, rec, time } = this;
    const { elective, dies, pathway } = plan;
    const admitAt = this.start.admitAt;
    rec.hospital('Admitted', admitAt, { readmissionOf: this.start.readmissionOf });
    if (plan.recordedInError) {
      rec.hospital('AdmissionCancelled', admitAt + r.uniform(10, 90) * MINUTE, {});
      this.close();
      return;
    }

    const medicalDays = r.lognormal(
      elective ? p.stay.electiveMedicalPhaseDays : p.stay.medicalPhaseDays[pathway],
    );
    const medicalEnd = admitAt + days(medicalDays);
    const deathAt = dies ? admitAt + days(r.lognormal(p.stay.deathAfterDays)) : Infinity;
    const readyAt = dies ? Infinity : time.boardRoundAtOrAfter(medicalEnd);
    const activeUntil = Math.min(deathAt, readyAt);

    if (!elective)
      this.transfers(admitAt, activeUntil, siteCode, pathway === 'P0' ? 'MEDICAL' : 'ELDERLY_CARE');
    this.expectedDischarge(admitAt, activeUntil, medicalDays, pathway);

    if (dies) {
      this.discharge(deathAt, {
        destinationCode: '79',
        methodCode: '4',
        pathway: 'UNKNOWN',
        name: null,
        died: true,
      });
      this.close();
      return;
    }

    const finalReadyAt = this.readiness(readyAt, plan);
    const wardReadyAt = time.dischargeSlot(
      finalReadyAt + hours(r.lognormal(p.ward.dischargeAfterReadyHours)),
    );
    if (pathway === 'P0') {
      p0Home(this, wardReadyAt);
      return;
    }
    this.refer(readyAt, wardReadyAt, plan);
  }

  /** Readiness: declared at the board round; sometimes withdrawn and declared again. Returns the final time. */
  private readiness(readyAt: number, { pathway, p1Reablement }: StayPlan): number {
    const { p, r, rec } = this;
    const declared = pathway !== 'P0' || r.chance(p.readiness.p0DeclaredShare);
    const reasonMix =
      p.readiness.delayReasonMix[
        pathway === 'P1' ? (p1Reablement ? 'P1_REABLEMENT' : 'P1_HOME_CARE') : pathway
      ];
    const delayReason = r.chance(p.readiness.explicitDelayReasonShare) ? pickDelayReason(r, reasonMix) : null;
    const withdrawn = r.chance(p.readiness.withdrawnShare);
    if (!declared) return readyAt;
    // The DRD is the day of the board round that declared NCTR: HL7 ZDR-1 and the FHIR readyDateTime
    // carry the date and the declaration time in one value.
    this.ready(readyAt, londonDate(new Date(readyAt)), pathway, delayReason);
    if (r.chance(p.expectedDischarge.revisedWhenReadyShare)) {
      const edd = addDays(londonDate(new Date(readyAt)), { P0: 0, P1: 2, P2: 3, P3: 7 }[pathway]);
      rec.update({ expectedDischargeDate: edd });
      rec.hospital('ExpectedDischargeDateSet', readyAt + MINUTE, { expectedDischargeDate: edd });
    }
    if (!withdrawn) return readyAt;
    const withdrawnAt =
      readyAt + hours(r.uniform(p.readiness.withdrawnAfterHours.min, p.readiness.withdrawnAfterHours.max));
    const criterion = r.weighted<CriterionToReside>(p.readiness.withdrawnCriterionMix);
    if (rec.state.readiness)
      rec.update({ readiness: { ...rec.state.readiness, status: 'WITHDRAWN', criterion } });
    rec.hospital('ReadinessWithdrawn', withdrawnAt, { criterion });
    const readyAgain = withdrawnAt + days(r.lognormal(p.readiness.readyAgainAfterDays));
    const finalReadyAt = this.time.boardRoundAtOrAfter(readyAgain);
    this.ready(finalReadyAt, londonDate(new Date(finalReadyAt)), pathway, delayReason);
    return finalReadyAt;
  }

  /** The care transfer hub refers the person to the council, and the pathway takes over. */
  private refer(
    readyAt: number,
    wardReadyAt: number,
    { pathway, p1Reablement: reablementFirst }: StayPlan,
  ): void {
    const { p, r } = this;
    const referralId = this.ctx.nextId('referral');
    const referralAt = this.time.working(readyAt + hours(r.lognormal(p.referral.afterReadyHours)));
    this.rec.council(referralId, 'ReferralReceived', referralAt, {
      routeOfAccess: 'DISCHARGE_FROM_HOSPITAL',
      referringOrgCode: p.trust.odsCode,
      pathway,
    });
    const referral = { referralId, referralAt, wardReadyAt };
    if (pathway === 'P1' && r.chance(p.p1.planChangedToP0Share)) p1PlanChangedToP0(this, referral);
    else if (pathway === 'P1' && reablementFirst) p1Reablement(this, referral);
    else if (pathway === 'P1') p1HomeCare(this, referral);
    else if (pathway === 'P2') p2ReablementBed(this, referral);
    else p3CareHome(this, referral);
  }

  private transfers(
    admitAt: number,
    activeUntil: number,
    site: string,
    kind: 'MEDICAL' | 'ELDERLY_CARE',
  ): void {
    const { p, r } = this;
    const transferAt = admitAt + hours(r.lognormal(p.stay.transferAfterHours));
    const second = r.chance(p.stay.secondTransferShare);
    if (transferAt >= activeUntil) return;
    this.moveTo(transferAt, bedIn(p, r, site, kind));
    if (second && Number.isFinite(activeUntil))
      this.moveTo((transferAt + activeUntil) / 2, bedIn(p, r, site, kind));
  }

  private moveTo(at: number, to: Location): void {
    const from = this.rec.state.location;
    this.rec.update({
      location: to,
      locations: [...this.rec.state.locations, { location: to, since: new Date(at) }],
    });
    this.rec.hospital('Transferred', at, { from });
  }

  /** The first board round's estimate of the discharge date. */
  private expectedDischarge(
    admitAt: number,
    activeUntil: number,
    medicalDays: number,
    pathway: Pathway,
  ): void {
    const { p, r } = this;
    const at = this.time.boardRoundAtOrAfter(admitAt + hours(2));
    const estimateDays =
      medicalDays * Math.exp(p.expectedDischarge.estimateSigma * r.normal()) + (pathway === 'P0' ? 0 : 1);
    if (at >= activeUntil) return;
    const today = londonDate(new Date(at));
    const estimate = londonDate(new Date(admitAt + days(estimateDays)));
    const edd = estimate < today ? today : estimate;
    this.rec.update({ expectedDischargeDate: edd });
    this.rec.hospital('ExpectedDischargeDateSet', at, { expectedDischargeDate: edd });
  }

  private ready(
    at: number,
    dischargeReadyDate: LocalDate,
    proposedPathway: Pathway,
    delayReason: DelayReason | null,
  ): void {
    const dischargeReadyAt = new Date(at);
    this.rec.update({
      readiness: {
        status: 'DECLARED',
        dischargeReadyDate,
        dischargeReadyAt,
        proposedPathway,
        delayReason,
        criterion: null,
      },
    });
    this.rec.hospital('ReadyDeclared', at, {
      dischargeReadyDate,
      dischargeReadyAt: new Date(at),
      proposedPathway,
      delayReason,
    });
  }

  discharge(at: number, how: DischargeHow): void {
    this.rec.hospital('Discharged', at, {
      destinationCode: how.destinationCode,
      dischargeMethodCode: how.methodCode,
      actualPathway: how.pathway,
      destinationName: how.name,
      died: how.died,
    });
  }

  dischargeHome(at: number, pathway: Pathway): void {
    this.discharge(at, { destinationCode: '19', methodCode: '1', pathway, name: null, died: false });
    this.maybeReadmit(at);
    this.close();
  }

  maybeReadmit(dischargedAt: number): void {
    const { p, r } = this;
    if (!r.chance(p.readmission.within30DaysShare)) return;
    let gap = r.exponential(p.readmission.meanDaysAfterDischarge);
    for (let tries = 0; gap > 30 && tries < 20; tries += 1)
      gap = r.exponential(p.readmission.meanDaysAfterDischarge);
    this.ctx.readmit(this.rec.person, dischargedAt + days(Math.min(gap, 30)), this.rec.spellId);
  }

  close(): void {
    this.ctx.close(this.rec.spellId);
  }
}

function pickSite(p: CityParameters, r: Random): Site {
  const sites = p.trust.sites;
  const main = sites[0];
  if (main === undefined) throw new RangeError('the trust needs at least one site');
  if (sites.length === 1 || r.chance(0.8)) return main;
  return r.pick(sites.slice(1));
}

function bedIn(p: CityParameters, r: Random, siteCode: string, kind: WardKind): Location {
  const site = p.trust.sites.find((candidate) => candidate.code === siteCode) ?? p.trust.sites[0];
  const wards = site?.wards ?? [];
  const ofKind = wards.filter((ward) => ward.kind === kind);
  const ward = r.pick(ofKind.length > 0 ? ofKind : wards);
  const bay = r.int(1, ward.bays);
  const bed = (bay - 1) * ward.bedsPerBay + r.int(1, ward.bedsPerBay);
  return { site: site?.code ?? null, ward: ward.code, room: `B${bay}`, bed: String(bed) };
}

function pickDelayReason(r: Random, mix: Readonly<Record<string, number>>): DelayReason | null {
  const reason = r.weighted(mix);
  return Object.hasOwn(delayAttributionByReason, reason) ? (reason as DelayReason) : null;
}
