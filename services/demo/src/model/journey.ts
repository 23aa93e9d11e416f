import type {
  CriterionToReside,
  DelayReason,
  LocalDate,
  Location,
  Pathway,
  ReablementOutcome,
  ReablementSetting,
  ServiceType,
} from '@homefirst/schemas';
import { delayAttributionByReason } from '@homefirst/schemas';
import type { EventQueue, PlacePool } from './des';
import type { CouncilFact, Fact, HospitalFact, SpellSnapshot } from './facts';
import {
  addDays,
  atLondonTime,
  days,
  hours,
  londonDate,
  londonHourOfDay,
  withinLocalHours,
} from './london-time';
import type { CityParameters } from './parameters';
import type { Person } from './people';
import { Random } from './random';

/** What a journey needs from the city around it. */
export interface CityContext {
  readonly params: CityParameters;
  readonly seed: number;
  /** Tag of this run (seed + start) carried by every id, so two runs never share an id. */
  readonly runTag: string;
  readonly queue: EventQueue;
  /** The council's reablement beds (P2). */
  readonly beds: PlacePool;
  /** A new person, first seen at `at`. */
  newPerson(random: Random, older: boolean, at: number): Person;
  nextId(kind: 'referral' | 'package'): string;
  record(fact: Fact): void;
  /** Marks the journey complete: nothing after its last recorded fact. */
  close(journeyId: string): void;
  /** Schedules a readmission of `person` at `at` (ignored after the simulated span). */
  readmit(person: Person, at: number, previousSpellId: string): void;
}

export interface JourneyStart {
  readonly spellNo: number;
  readonly admitAt: number;
  /** Known person for a readmission; a new one otherwise. */
  readonly person: Person | null;
  readonly readmissionOf: string | null;
}

type HospitalFields<F extends HospitalFact> = Omit<
  F,
  'id' | 'at' | 'person' | 'journeyId' | 'side' | 'spell' | 'kind'
>;
type CouncilFields<F extends CouncilFact> = Omit<
  F,
  'id' | 'at' | 'person' | 'journeyId' | 'side' | 'referralId' | 'kind'
>;

const MINUTE = 60_000;

/**
 * One journey: a hospital stay from admission to discharge (or death), the care transfer hub's
 * referral, the council's assessment, brokerage and reablement after it, and a readmission when one
 * follows. Times are drawn from the parameters with the journey's own random stream; only the P2 bed
 * queue waits on other journeys.
 */
export function runJourney(ctx: CityContext, start: JourneyStart): void {
  new Journey(ctx, start).run();
}

class Journey {
  private readonly p: CityParameters;
  private readonly r: Random;
  private readonly spellId: string;
  private person!: Person;
  /** The spell as it stands; replaced (never changed) on every change, so facts can share it. */
  private state!: SpellSnapshot;
  private factNo = 0;

  constructor(
    private readonly ctx: CityContext,
    private readonly start: JourneyStart,
  ) {
    this.p = ctx.params;
    this.r = Random.of(ctx.seed, 'journey', start.spellNo);
    this.spellId = `${ctx.runTag}${String(start.spellNo).padStart(7, '0')}`;
  }

  run(): void {
    const { p, r } = this;
    const admitAt = this.start.admitAt;
    // Every draw that shapes the journey is made up front, in a fixed order, so changing one part of the
    // model does not reshuffle the rest of the journey.
    const elective = this.start.readmissionOf === null && r.chance(p.admissions.electiveShare);
    const methodCode = r.weighted(
      elective ? p.admissions.electiveMethodMix : p.admissions.emergencyMethodMix,
    );
    const recordedInError = r.chance(p.admissions.recordedInErrorShare);
    const dies = r.chance(p.stay.inHospitalDeathShare);
    const pathway = r.weighted(p.pathwayMix);
    const p1Reablement = r.chance(p.p1.reablementShare);
    this.person = this.start.person ?? this.ctx.newPerson(r, pathway !== 'P0' || dies, admitAt);

    const site = this.pickSite();
    const firstBed = this.bedIn(site.code, elective ? 'SURGICAL' : 'ASSESSMENT');
    this.state = {
      spellId: this.spellId,
      admittedAt: new Date(admitAt),
      patientClass: 'INPATIENT',
      admissionMethodCode: methodCode,
      location: firstBed,
      locations: [{ location: firstBed, since: new Date(admitAt) }],
      expectedDischargeDate: null,
      readiness: null,
    };
    this.hospital('Admitted', admitAt, {
      readmissionOf: this.start.readmissionOf,
    });
    if (recordedInError) {
      this.hospital('AdmissionCancelled', admitAt + r.uniform(10, 90) * MINUTE, {});
      this.ctx.close(this.spellId);
      return;
    }

    const medicalDays = r.lognormal(
      elective ? p.stay.electiveMedicalPhaseDays : p.stay.medicalPhaseDays[pathway],
    );
    const medicalEnd = admitAt + days(medicalDays);
    const deathAt = dies ? admitAt + days(r.lognormal(p.stay.deathAfterDays)) : Infinity;
    const readyAt = dies ? Infinity : this.boardRoundAtOrAfter(medicalEnd);
    const activeUntil = Math.min(deathAt, readyAt);

    if (!elective)
      this.transfers(admitAt, activeUntil, site.code, pathway === 'P0' ? 'MEDICAL' : 'ELDERLY_CARE');
    this.expectedDischarge(admitAt, activeUntil, medicalDays, pathway);

    if (dies) {
      this.discharge(deathAt, {
        destinationCode: '79',
        methodCode: '4',
        pathway: 'UNKNOWN',
        name: null,
        died: true,
      });
      this.ctx.close(this.spellId);
      return;
    }

    // Readiness: declared at the board round; sometimes withdrawn and declared again.
    const declared = pathway !== 'P0' || r.chance(p.readiness.p0DeclaredShare);
    const reasonMix =
      p.readiness.delayReasonMix[
        pathway === 'P1' ? (p1Reablement ? 'P1_REABLEMENT' : 'P1_HOME_CARE') : pathway
      ];
    const delayReason = r.chance(p.readiness.explicitDelayReasonShare) ? pickDelayReason(r, reasonMix) : null;
    const withdrawn = r.chance(p.readiness.withdrawnShare);
    let finalReadyAt = readyAt;
    if (declared) {
      // The DRD is the day of the board round that declared NCTR: HL7 ZDR-1 and the FHIR readyDateTime
      // carry the date and the declaration time in one value.
      this.ready(readyAt, londonDate(new Date(readyAt)), pathway, delayReason);
      if (r.chance(p.expectedDischarge.revisedWhenReadyShare)) {
        const edd = addDays(londonDate(new Date(readyAt)), { P0: 0, P1: 2, P2: 3, P3: 7 }[pathway]);
        this.update({ expectedDischargeDate: edd });
        this.hospital('ExpectedDischargeDateSet', readyAt + MINUTE, { expectedDischargeDate: edd });
      }
      if (withdrawn) {
        const withdrawnAt =
          readyAt +
          hours(r.uniform(p.readiness.withdrawnAfterHours.min, p.readiness.withdrawnAfterHours.max));
        const criterion = r.weighted<CriterionToReside>(p.readiness.withdrawnCriterionMix);
        if (this.state.readiness)
          this.update({ readiness: { ...this.state.readiness, status: 'WITHDRAWN', criterion } });
        this.hospital('ReadinessWithdrawn', withdrawnAt, { criterion });
        const readyAgain = withdrawnAt + days(r.lognormal(p.readiness.readyAgainAfterDays));
        finalReadyAt = this.boardRoundAtOrAfter(readyAgain);
        this.ready(finalReadyAt, londonDate(new Date(finalReadyAt)), pathway, delayReason);
      }
    }
    const wardReadyAt = this.dischargeSlot(
      finalReadyAt + hours(r.lognormal(p.ward.dischargeAfterReadyHours)),
    );

    if (pathway === 'P0') {
      this.dischargeHome(wardReadyAt, 'P0');
      return;
    }
    const referralId = this.ctx.nextId('referral');
    const referralAt = this.working(readyAt + hours(r.lognormal(p.referral.afterReadyHours)));
    this.council(referralId, 'ReferralReceived', referralAt, {
      routeOfAccess: 'DISCHARGE_FROM_HOSPITAL',
      referringOrgCode: p.trust.odsCode,
      pathway,
    });
    if (pathway === 'P1' && r.chance(p.p1.planChangedToP0Share)) {
      const cancelledAt = this.working(referralAt + days(r.uniform(0.5, 1.5)));
      this.council(referralId, 'ReferralCancelled', cancelledAt, { reasonCode: 'PLAN_CHANGED' });
      this.dischargeHome(this.dischargeSlot(Math.max(wardReadyAt, cancelledAt + hours(1))), 'P0');
      return;
    }
    if (pathway === 'P1' && p1Reablement) this.p1Reablement(referralId, referralAt, wardReadyAt);
    else if (pathway === 'P1') this.p1HomeCare(referralId, referralAt, wardReadyAt);
    else if (pathway === 'P2') this.p2Bed(referralId, referralAt, wardReadyAt);
    else this.p3Placement(referralId, referralAt, wardReadyAt);
  }

  // --- pathways -------------------------------------------------------------------------------------

  /** P1 Home First: the reablement team takes the person on, home the same day; assessed at home. */
  private p1Reablement(referralId: string, referralAt: number, wardReadyAt: number): void {
    const { p, r } = this;
    const packageId = this.ctx.nextId('package');
    const requestedAt = this.working(referralAt + hours(r.uniform(0.25, 2)));
    this.council(referralId, 'PackageRequested', requestedAt, {
      packageId,
      serviceType: 'REABLEMENT_AT_HOME',
      hoursPerWeek: null,
    });
    const sourcedAt = this.working(requestedAt + days(r.lognormal(p.p1.reablementStartDays)));
    const startSlot = this.startSlotAfter(sourcedAt);
    this.council(referralId, 'PackageSourced', sourcedAt, {
      packageId,
      providerId: p.council.reablementTeam.id,
      plannedStartDate: londonDate(new Date(startSlot)),
    });
    const dischargedAt = this.dischargeSlot(Math.max(wardReadyAt, startSlot));
    this.discharge(dischargedAt, {
      destinationCode: '19',
      methodCode: '1',
      pathway: 'P1',
      name: null,
      died: false,
    });
    this.reablement(
      referralId,
      packageId,
      'HOME',
      dischargedAt + hours(r.uniform(1, 4)),
      p.reablement.homeDays,
    );
  }

  /** P1 with a new home-care package: assessed on the ward, then brokerage with its long tail. */
  private p1HomeCare(referralId: string, referralAt: number, wardReadyAt: number): void {
    const { p, r } = this;
    const assessedAt = this.assessOnWard(referralId, referralAt);
    const packageId = this.ctx.nextId('package');
    const requestedAt = this.working(assessedAt + hours(r.uniform(0.5, 3)));
    this.council(referralId, 'PackageRequested', requestedAt, {
      packageId,
      serviceType: 'HOME_CARE',
      hoursPerWeek: Math.round(r.uniform(p.p1.hoursPerWeek.min, p.p1.hoursPerWeek.max)),
    });
    const sourced = this.broker(
      referralId,
      packageId,
      requestedAt,
      p.p1.homeCareBrokerageDays,
      p.council.homeCareProviders,
      p.p1.providerDeclineShare,
    );
    const startSlot = this.startSlotAfter(sourced.at);
    this.council(referralId, 'PackageSourced', sourced.at, {
      packageId,
      providerId: sourced.providerId,
      plannedStartDate: londonDate(new Date(startSlot)),
    });
    const dischargedAt = this.dischargeSlot(Math.max(wardReadyAt, startSlot));
    this.discharge(dischargedAt, {
      destinationCode: '19',
      methodCode: '1',
      pathway: 'P1',
      name: null,
      died: false,
    });
    this.council(referralId, 'PackageStarted', dischargedAt + hours(r.uniform(2, 6)), {
      packageId,
      serviceType: 'HOME_CARE',
      providerId: sourced.providerId,
    });
    this.maybeReadmit(dischargedAt);
    this.ctx.close(this.spellId);
  }

  /** P2: a reablement bed, when one of the council's beds is free (first come, first served). */
  private p2Bed(referralId: string, referralAt: number, wardReadyAt: number): void {
    const { p, r } = this;
    const assessedAt = this.assessOnWard(referralId, referralAt);
    const packageId = this.ctx.nextId('package');
    const requestedAt = this.working(assessedAt + hours(r.uniform(0.5, 3)));
    this.council(referralId, 'PackageRequested', requestedAt, {
      packageId,
      serviceType: 'REABLEMENT_BED',
      hoursPerWeek: null,
    });
    const arrangedAt = this.working(requestedAt + days(r.lognormal(p.p2.arrangeDays)));
    const unit = r.pick(p.council.bedBasedUnits);
    this.ctx.queue.at(arrangedAt, () =>
      this.ctx.beds.request((grantedAt) => {
        const offeredAt = this.working(grantedAt);
        this.council(referralId, 'ProviderOffered', offeredAt, { packageId, providerId: unit.id });
        const dischargedAt = this.dischargeSlot(Math.max(wardReadyAt, offeredAt + hours(2)));
        this.council(referralId, 'PackageSourced', offeredAt + 30 * MINUTE, {
          packageId,
          providerId: unit.id,
          plannedStartDate: londonDate(new Date(dischargedAt)),
        });
        this.discharge(dischargedAt, {
          destinationCode: '56',
          methodCode: '1',
          pathway: 'P2',
          name: unit.name,
          died: false,
        });
        const endedAt = this.reablement(
          referralId,
          packageId,
          'BED_BASED',
          dischargedAt + hours(r.uniform(1, 3)),
          p.p2.stayDays,
        );
        this.ctx.beds.releaseAt(endedAt);
      }),
    );
  }

  /** P3: a care-home placement, brokered (care homes decline more often). */
  private p3Placement(referralId: string, referralAt: number, wardReadyAt: number): void {
    const { p, r } = this;
    const assessedAt = this.assessOnWard(referralId, referralAt);
    const packageId = this.ctx.nextId('package');
    const nursing = r.chance(p.p3.nursingShare);
    const serviceType: ServiceType = nursing ? 'NURSING_CARE' : 'RESIDENTIAL_CARE';
    const requestedAt = this.working(assessedAt + hours(r.uniform(0.5, 3)));
    this.council(referralId, 'PackageRequested', requestedAt, { packageId, serviceType, hoursPerWeek: null });
    const sourced = this.broker(
      referralId,
      packageId,
      requestedAt,
      p.p3.brokerageDays,
      p.council.careHomes,
      p.p3.providerDeclineShare,
    );
    const startSlot = this.startSlotAfter(sourced.at);
    this.council(referralId, 'PackageSourced', sourced.at, {
      packageId,
      providerId: sourced.providerId,
      plannedStartDate: londonDate(new Date(startSlot)),
    });
    const dischargedAt = this.dischargeSlot(Math.max(wardReadyAt, startSlot));
    const home = p.council.careHomes.find((candidate) => candidate.id === sourced.providerId);
    this.discharge(dischargedAt, {
      destinationCode: nursing ? '55' : '56',
      methodCode: '1',
      pathway: 'P3',
      name: home?.name ?? null,
      died: false,
    });
    this.council(referralId, 'PackageStarted', dischargedAt + hours(r.uniform(1, 3)), {
      packageId,
      serviceType,
      providerId: sourced.providerId,
    });
    this.maybeReadmit(dischargedAt);
    this.ctx.close(this.spellId);
  }

  // --- shared steps ---------------------------------------------------------------------------------

  private dischargeHome(at: number, pathway: Pathway): void {
    this.discharge(at, { destinationCode: '19', methodCode: '1', pathway, name: null, died: false });
    this.maybeReadmit(at);
    this.ctx.close(this.spellId);
  }

  /** A period of reablement with its outcome; returns when it ended. */
  private reablement(
    referralId: string,
    packageId: string,
    setting: ReablementSetting,
    startedAt: number,
    duration: CityParameters['reablement']['homeDays'],
  ): number {
    const { p, r } = this;
    this.council(referralId, 'ReablementStarted', startedAt, { setting, packageId });
    if (setting === 'HOME') {
      const scheduledFor = this.working(startedAt + days(r.lognormal(p.assessment.atHomeAfterStartDays)));
      this.council(referralId, 'AssessmentScheduled', startedAt + 30 * MINUTE, {
        scheduledFor: new Date(scheduledFor),
      });
      this.council(referralId, 'AssessmentCompleted', scheduledFor + hours(1), { servicesRequired: true });
    }
    const outcome = r.weighted(p.reablement.outcomeMix) as ReablementOutcome;
    const planned = r.lognormal(duration);
    const early = outcome === 'ADMITTED_TO_HOSPITAL' || outcome === 'DECEASED';
    const lastedDays = early ? planned * r.uniform(0.1, 1) : planned;
    const endedAt = early ? startedAt + days(lastedDays) : this.working(startedAt + days(lastedDays));
    if (outcome === 'LONG_TERM_SUPPORT') {
      // Brokered towards the end of reablement; the package starts when reablement ends (or later).
      const packageIdLongTerm = this.ctx.nextId('package');
      const requestedAt = this.working(Math.max(startedAt + days(1), endedAt - days(5)));
      this.council(referralId, 'PackageRequested', requestedAt, {
        packageId: packageIdLongTerm,
        serviceType: 'HOME_CARE',
        hoursPerWeek: Math.round(r.uniform(p.p1.hoursPerWeek.min, p.p1.hoursPerWeek.max)),
      });
      const sourced = this.broker(
        referralId,
        packageIdLongTerm,
        requestedAt,
        p.p1.homeCareBrokerageDays,
        p.council.homeCareProviders,
        p.p1.providerDeclineShare,
      );
      const startAt = Math.max(endedAt + MINUTE, this.startSlotAfter(sourced.at));
      this.council(referralId, 'PackageSourced', sourced.at, {
        packageId: packageIdLongTerm,
        providerId: sourced.providerId,
        plannedStartDate: londonDate(new Date(startAt)),
      });
      this.council(referralId, 'ReablementEnded', endedAt, { setting, packageId, outcome });
      this.council(referralId, 'PackageStarted', startAt, {
        packageId: packageIdLongTerm,
        serviceType: 'HOME_CARE',
        providerId: sourced.providerId,
      });
    } else {
      this.council(referralId, 'ReablementEnded', endedAt, { setting, packageId, outcome });
    }
    if (outcome === 'ADMITTED_TO_HOSPITAL') this.ctx.readmit(this.person, endedAt, this.spellId);
    this.ctx.close(this.spellId);
    return endedAt;
  }

  /** A trusted-assessor assessment on the ward; returns when it was completed. */
  private assessOnWard(referralId: string, referralAt: number): number {
    const { p, r } = this;
    const scheduledFor = this.working(
      referralAt + hours(r.lognormal(p.assessment.inHospitalAfterReferralHours)),
    );
    this.council(referralId, 'AssessmentScheduled', referralAt + 20 * MINUTE, {
      scheduledFor: new Date(scheduledFor),
    });
    const completedAt = scheduledFor + hours(r.uniform(0.5, 2));
    this.council(referralId, 'AssessmentCompleted', completedAt, { servicesRequired: true });
    return completedAt;
  }

  /**
   * Brokerage: the requirement goes to providers one after another; each declines with
   * `declineShare` until one accepts. Returns when it was sourced, and by whom.
   */
  private broker(
    referralId: string,
    packageId: string,
    requestedAt: number,
    duration: CityParameters['p1']['homeCareBrokerageDays'],
    providers: CityParameters['council']['homeCareProviders'],
    declineShare: number,
  ): { at: number; providerId: string } {
    const { r } = this;
    const sourcedAt = this.working(requestedAt + days(r.lognormal(duration)));
    let declines = 0;
    while (declines < 8 && r.chance(declineShare)) declines += 1;
    const slot = (sourcedAt - requestedAt) / (declines + 1);
    const offset = r.int(0, providers.length - 1);
    const providerAt = (i: number): string =>
      (providers[(offset + i) % providers.length] ?? providers[0])?.id ?? 'UNKNOWN';
    // Times are mapped into working hours without jitter, which keeps them in order.
    for (let i = 0; i < declines; i += 1) {
      const providerId = providerAt(i);
      this.council(
        referralId,
        'ProviderOffered',
        this.workingExact(requestedAt + slot * (i + r.uniform(0.05, 0.3))),
        { packageId, providerId },
      );
      this.council(
        referralId,
        'ProviderDeclined',
        this.workingExact(requestedAt + slot * (i + r.uniform(0.5, 0.95))),
        {
          packageId,
          providerId,
          reasonCode: r.pick(['NO_CAPACITY', 'OUTSIDE_AREA', 'UNABLE_TO_MEET_NEEDS']),
        },
      );
    }
    const providerId = providerAt(declines);
    this.council(
      referralId,
      'ProviderOffered',
      Math.min(sourcedAt - MINUTE, this.workingExact(requestedAt + slot * (declines + r.uniform(0.05, 0.5)))),
      { packageId, providerId },
    );
    return { at: sourcedAt, providerId };
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
    this.moveTo(transferAt, this.bedIn(site, kind));
    if (second && Number.isFinite(activeUntil))
      this.moveTo((transferAt + activeUntil) / 2, this.bedIn(site, kind));
  }

  private moveTo(at: number, to: Location): void {
    const from = this.state.location;
    this.update({
      location: to,
      locations: [...this.state.locations, { location: to, since: new Date(at) }],
    });
    this.hospital('Transferred', at, { from });
  }

  /** The first board round's estimate of the discharge date. */
  private expectedDischarge(
    admitAt: number,
    activeUntil: number,
    medicalDays: number,
    pathway: Pathway,
  ): void {
    const { p, r } = this;
    const at = this.boardRoundAtOrAfter(admitAt + hours(2));
    const estimateDays =
      medicalDays * Math.exp(p.expectedDischarge.estimateSigma * r.normal()) + (pathway === 'P0' ? 0 : 1);
    if (at >= activeUntil) return;
    const today = londonDate(new Date(at));
    const estimate = londonDate(new Date(admitAt + days(estimateDays)));
    const edd = estimate < today ? today : estimate;
    this.update({ expectedDischargeDate: edd });
    this.hospital('ExpectedDischargeDateSet', at, { expectedDischargeDate: edd });
  }

  private ready(
    at: number,
    dischargeReadyDate: LocalDate,
    proposedPathway: Pathway,
    delayReason: DelayReason | null,
  ): void {
    this.update({
      readiness: {
        status: 'DECLARED',
        dischargeReadyDate,
        dischargeReadyAt: new Date(at),
        proposedPathway,
        delayReason,
        criterion: null,
      },
    });
    this.hospital('ReadyDeclared', at, {
      dischargeReadyDate,
      dischargeReadyAt: new Date(at),
      proposedPathway,
      delayReason,
    });
  }

  private discharge(
    at: number,
    how: {
      destinationCode: string;
      methodCode: string;
      pathway: Pathway;
      name: string | null;
      died: boolean;
    },
  ): void {
    this.hospital('Discharged', at, {
      destinationCode: how.destinationCode,
      dischargeMethodCode: how.methodCode,
      actualPathway: how.pathway,
      destinationName: how.name,
      died: how.died,
    });
  }

  private maybeReadmit(dischargedAt: number): void {
    const { p, r } = this;
    if (!r.chance(p.readmission.within30DaysShare)) return;
    let gap = r.exponential(p.readmission.meanDaysAfterDischarge);
    for (let tries = 0; gap > 30 && tries < 20; tries += 1)
      gap = r.exponential(p.readmission.meanDaysAfterDischarge);
    this.ctx.readmit(this.person, dischargedAt + days(Math.min(gap, 30)), this.spellId);
  }

  // --- time and place -------------------------------------------------------------------------------

  /** The board round (morning) at or after `t`, when NCTR is declared and estimates are made. */
  private boardRoundAtOrAfter(t: number): number {
    const { boardRoundStartHour, boardRoundLengthHours } = this.p.readiness;
    const offset = boardRoundStartHour + this.r.uniform(0, boardRoundLengthHours);
    const date = londonDate(new Date(t));
    const today = atLondonTime(date, offset).getTime();
    return today >= t ? today : atLondonTime(addDays(date, 1), offset).getTime();
  }

  /** Within the ward's discharge hours, with some spread when moved to the next morning. */
  private dischargeSlot(t: number): number {
    const { from, to } = this.p.ward.dischargeWindowHours;
    const slot = withinLocalHours(new Date(t), from, to).getTime();
    return slot === t ? t : slot + hours(this.r.uniform(0, 3));
  }

  /** Within brokerage working hours, with some spread when moved to the next morning. */
  private working(t: number): number {
    const slot = this.workingExact(t);
    return slot === t ? t : slot + hours(this.r.uniform(0, 2));
  }

  private workingExact(t: number): number {
    return withinLocalHours(new Date(t), this.p.brokerageHours.from, this.p.brokerageHours.to).getTime();
  }

  /** A service sourced by 14:00 starts that day, else the next; first visits 09:00–14:00. */
  private startSlotAfter(sourcedAt: number): number {
    const date = londonDate(new Date(sourcedAt));
    const startDate = londonHourOfDay(new Date(sourcedAt)) < 14 ? date : addDays(date, 1);
    return Math.max(atLondonTime(startDate, 9 + this.r.uniform(0, 5)).getTime(), sourcedAt + hours(1));
  }

  private pickSite(): CityParameters['trust']['sites'][number] {
    const sites = this.p.trust.sites;
    const main = sites[0];
    if (main === undefined) throw new RangeError('the trust needs at least one site');
    if (sites.length === 1 || this.r.chance(0.8)) return main;
    return this.r.pick(sites.slice(1));
  }

  private bedIn(
    siteCode: string,
    kind: CityParameters['trust']['sites'][number]['wards'][number]['kind'],
  ): Location {
    const site = this.p.trust.sites.find((candidate) => candidate.code === siteCode) ?? this.p.trust.sites[0];
    const wards = site?.wards ?? [];
    const ofKind = wards.filter((ward) => ward.kind === kind);
    const ward = this.r.pick(ofKind.length > 0 ? ofKind : wards);
    const bay = this.r.int(1, ward.bays);
    const bed = (bay - 1) * ward.bedsPerBay + this.r.int(1, ward.bedsPerBay);
    return { site: site?.code ?? null, ward: ward.code, room: `B${bay}`, bed: String(bed) };
  }

  // --- recording ------------------------------------------------------------------------------------

  private update(changes: Partial<SpellSnapshot>): void {
    this.state = { ...this.state, ...changes };
  }

  private nextFactId(): string {
    this.factNo += 1;
    return `${this.spellId}${String(this.factNo).padStart(2, '0')}`;
  }

  private hospital<K extends HospitalFact['kind']>(
    kind: K,
    at: number,
    fields: HospitalFields<Extract<HospitalFact, { kind: K }>>,
  ): void {
    const fact = {
      ...fields,
      id: this.nextFactId(),
      kind,
      side: 'hospital',
      at: new Date(at),
      person: this.person,
      journeyId: this.spellId,
      spell: this.state,
    } as HospitalFact; // kind and fields belong together by the generic signature
    this.ctx.record(fact);
  }

  private council<K extends CouncilFact['kind']>(
    referralId: string,
    kind: K,
    at: number,
    fields: CouncilFields<Extract<CouncilFact, { kind: K }>>,
  ): void {
    const fact = {
      ...fields,
      id: this.nextFactId(),
      kind,
      side: 'council',
      at: new Date(at),
      person: this.person,
      journeyId: this.spellId,
      referralId,
    } as unknown as CouncilFact; // kind and fields belong together by the generic signature
    this.ctx.record(fact);
  }
}

function pickDelayReason(r: Random, mix: Readonly<Record<string, number>>): DelayReason | null {
  const reason = r.weighted(mix);
  return isDelayReason(reason) ? reason : null;
}

function isDelayReason(value: string): value is DelayReason {
  return Object.hasOwn(delayAttributionByReason, value);
}
