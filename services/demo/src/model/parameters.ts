import { CRITERIA_TO_RESIDE, KNOWN_REABLEMENT_OUTCOMES, delayAttributionByReason } from '@homefirst/schemas';
import { z } from 'zod';

/**
 * THE ONE FILE of the synthetic city's parameters. Every default says where it comes from:
 *   [domain]     /work/shared/domain.md facts (DHSC guidance, NHS England, the seed case studies)
 *   [source]     a published figure, with its address and date
 *   [assumption] a modelling choice where no source gives a number; chosen to look like a large English
 *                acute trust and a metropolitan council, and calibrated so the city is stable (queues
 *                do not grow without bound) — change them freely
 * Durations are lognormal (long right tail, as waits are) given by their median and 95th percentile,
 * optionally capped. Shares are probabilities in [0, 1]; mixes add up to 1.
 *
 * Override any subset with `--params <file.json>` (deep-merged onto these defaults, then validated by
 * `cityParametersSchema`).
 */

const share = z.number().min(0).max(1);
const positive = z.number().positive();

const lognormal = z
  .object({ median: positive, p95: positive, max: positive.optional() })
  .refine((spec) => spec.p95 > spec.median, { message: 'p95 must be above the median' });

const mixOf = <const K extends readonly [string, ...string[]]>(keys: K) =>
  z
    .record(z.enum(keys), share)
    .refine((mix) => keys.every((key) => key in mix), { message: `needs every one of ${keys.join(', ')}` })
    .refine((mix) => Math.abs(Object.values<number>(mix).reduce((sum, p) => sum + p, 0) - 1) < 1e-6, {
      message: 'shares must add up to 1',
    });

/** A mix over a subset of keys (each a known value), adding up to 1. */
const partialMixOf = (isKey: (key: string) => boolean, what: string) =>
  z
    .record(z.string().refine(isKey, { message: `must be a ${what}` }), share)
    .refine((mix) => Math.abs(Object.values<number>(mix).reduce((sum, p) => sum + p, 0) - 1) < 1e-6, {
      message: 'shares must add up to 1',
    });

const isDelayReasonKey = (key: string): boolean => Object.hasOwn(delayAttributionByReason, key);
const PATHWAYS = ['P0', 'P1', 'P2', 'P3'] as const;
export const WARD_KINDS = ['ASSESSMENT', 'MEDICAL', 'ELDERLY_CARE', 'SURGICAL'] as const;

const ward = z.object({
  code: z.string().regex(/^[A-Z0-9]{2,8}$/),
  name: z.string().min(1),
  kind: z.enum(WARD_KINDS),
  bays: z.number().int().min(1),
  bedsPerBay: z.number().int().min(1),
});

const organisation = z.object({ id: z.string().regex(/^[A-Z0-9-]{2,20}$/), name: z.string().min(1) });

export const cityParametersSchema = z.object({
  trust: z.object({
    odsCode: z.string().regex(/^[A-Z0-9]{3,5}$/),
    name: z.string().min(1),
    hl7SendingApplication: z.string().min(1),
    fhirSourceName: z.string().min(1),
    sites: z
      .array(
        z.object({
          code: z.string().regex(/^[A-Z0-9]{3,8}$/),
          name: z.string(),
          wards: z.array(ward).min(1),
        }),
      )
      .min(1),
  }),
  council: z.object({
    onsCode: z.string().regex(/^E0[6-9]\d{6}$/),
    name: z.string().min(1),
    system: z.string().min(1),
    reablementTeam: organisation,
    homeCareProviders: z.array(organisation).min(1),
    bedBasedUnits: z.array(organisation).min(1),
    careHomes: z.array(organisation).min(1),
  }),
  admissions: z.object({
    perDay: positive,
    hourlyProfile: z.array(z.number().min(0)).length(24),
    electiveShare: share,
    emergencyMethodMix: z.record(z.string().regex(/^2[1-8]$/), share),
    electiveMethodMix: z.record(z.string().regex(/^1[1-3]$/), share),
    recordedInErrorShare: share,
  }),
  stay: z.object({
    medicalPhaseDays: z.object({ P0: lognormal, P1: lognormal, P2: lognormal, P3: lognormal }),
    electiveMedicalPhaseDays: lognormal,
    transferAfterHours: lognormal,
    secondTransferShare: share,
    inHospitalDeathShare: share,
    deathAfterDays: lognormal,
  }),
  pathwayMix: mixOf(PATHWAYS),
  readiness: z.object({
    boardRoundStartHour: z.number().min(0).max(23),
    boardRoundLengthHours: z.number().min(0).max(12),
    p0DeclaredShare: share,
    explicitDelayReasonShare: share,
    delayReasonMix: z.object({
      P0: partialMixOf(isDelayReasonKey, 'delay reason'),
      P1_REABLEMENT: partialMixOf(isDelayReasonKey, 'delay reason'),
      P1_HOME_CARE: partialMixOf(isDelayReasonKey, 'delay reason'),
      P2: partialMixOf(isDelayReasonKey, 'delay reason'),
      P3: partialMixOf(isDelayReasonKey, 'delay reason'),
    }),
    withdrawnShare: share,
    withdrawnCriterionMix: z.partialRecord(z.enum(CRITERIA_TO_RESIDE), share),
    withdrawnAfterHours: z.object({ min: z.number().min(0), max: positive }),
    readyAgainAfterDays: lognormal,
  }),
  expectedDischarge: z.object({ estimateSigma: z.number().min(0), revisedWhenReadyShare: share }),
  ward: z.object({
    dischargeAfterReadyHours: lognormal,
    dischargeWindowHours: z.object({ from: z.number().min(0).max(24), to: z.number().min(0).max(24) }),
  }),
  referral: z.object({ afterReadyHours: lognormal }),
  assessment: z.object({ inHospitalAfterReferralHours: lognormal, atHomeAfterStartDays: lognormal }),
  brokerageHours: z.object({ from: z.number().min(0).max(24), to: z.number().min(0).max(24) }),
  p1: z.object({
    reablementShare: share,
    reablementStartDays: lognormal,
    homeCareBrokerageDays: lognormal,
    providerDeclineShare: share,
    hoursPerWeek: z.object({ min: positive, max: positive }),
    planChangedToP0Share: share,
  }),
  p2: z.object({ beds: z.number().int().min(1), arrangeDays: lognormal, stayDays: lognormal }),
  p3: z.object({ brokerageDays: lognormal, providerDeclineShare: share, nursingShare: share }),
  reablement: z.object({ homeDays: lognormal, outcomeMix: mixOf(KNOWN_REABLEMENT_OUTCOMES) }),
  readmission: z.object({ within30DaysShare: share, meanDaysAfterDischarge: positive }),
  feed: z.object({
    hl7v2Share: share,
    duplicateShare: share,
    lateShare: share,
    malformedShare: share,
    lateByHours: lognormal,
    duplicateAfterSeconds: lognormal,
    correctedAfterMinutes: lognormal,
  }),
  simulation: z.object({ warmupDays: z.number().min(0).max(365) }),
});

export type CityParameters = z.infer<typeof cityParametersSchema>;

/** Wards of the main site. Names and codes are invented. */
const mainSiteWards = [
  { code: 'AMU', name: 'Acute Medical Unit', kind: 'ASSESSMENT', bays: 8, bedsPerBay: 6 },
  { code: 'SAU', name: 'Surgical Assessment Unit', kind: 'ASSESSMENT', bays: 4, bedsPerBay: 6 },
  { code: 'W10', name: 'Ward 10 Respiratory', kind: 'MEDICAL', bays: 5, bedsPerBay: 6 },
  { code: 'W11', name: 'Ward 11 Cardiology', kind: 'MEDICAL', bays: 5, bedsPerBay: 6 },
  { code: 'W12', name: 'Ward 12 Gastroenterology', kind: 'MEDICAL', bays: 5, bedsPerBay: 6 },
  { code: 'W14', name: 'Ward 14 Stroke', kind: 'MEDICAL', bays: 5, bedsPerBay: 6 },
  { code: 'COE1', name: 'Care of the Elderly 1', kind: 'ELDERLY_CARE', bays: 6, bedsPerBay: 6 },
  { code: 'COE2', name: 'Care of the Elderly 2', kind: 'ELDERLY_CARE', bays: 6, bedsPerBay: 6 },
  { code: 'COE3', name: 'Care of the Elderly 3', kind: 'ELDERLY_CARE', bays: 6, bedsPerBay: 6 },
  { code: 'W20', name: 'Ward 20 General Surgery', kind: 'SURGICAL', bays: 5, bedsPerBay: 6 },
  { code: 'W22', name: 'Ward 22 Trauma and Orthopaedics', kind: 'SURGICAL', bays: 5, bedsPerBay: 6 },
] as const;

const secondSiteWards = [
  { code: 'MAU', name: 'Medical Assessment Unit', kind: 'ASSESSMENT', bays: 4, bedsPerBay: 6 },
  { code: 'OAK', name: 'Oak Ward (Elderly Care)', kind: 'ELDERLY_CARE', bays: 5, bedsPerBay: 6 },
  { code: 'ASH', name: 'Ash Ward (General Medicine)', kind: 'MEDICAL', bays: 5, bedsPerBay: 6 },
  { code: 'ELM', name: 'Elm Ward (Orthopaedics)', kind: 'SURGICAL', bays: 5, bedsPerBay: 6 },
] as const;

export const cityDefaults: CityParameters = {
  trust: {
    // [assumption] An invented trust. 'RHF' is made up for the demo (Home First); if it ever names a
    // real organisation, change it here — nothing else depends on it. Sites are invented too.
    odsCode: 'RHF',
    name: 'Mersey Vale Teaching Hospitals NHS Trust (fictional)',
    hl7SendingApplication: 'DEMOPAS',
    fhirSourceName: 'DEMO-EPR',
    sites: [
      { code: 'RHF01', name: 'Mersey Vale General Hospital', wards: [...mainSiteWards] },
      { code: 'RHF02', name: 'Riverside Community Hospital', wards: [...secondSiteWards] },
    ],
  },
  council: {
    // [domain] Liverpool (ONS E08000012) runs Home First with 90 reablement beds. Providers are invented.
    onsCode: 'E08000012',
    name: 'Liverpool City Council',
    system: 'DEMO-LAS',
    reablementTeam: { id: 'LCC-REAB', name: 'City Reablement Service (in-house)' },
    homeCareProviders: [
      { id: 'PRV-HC01', name: 'Riverside Home Support' },
      { id: 'PRV-HC02', name: 'Docklands Care at Home' },
      { id: 'PRV-HC03', name: 'Northern Lights Homecare' },
      { id: 'PRV-HC04', name: 'Parkside Domiciliary Care' },
      { id: 'PRV-HC05', name: 'Two Cathedrals Care' },
    ],
    bedBasedUnits: [
      { id: 'IMC-01', name: 'Hope Street Intermediate Care Unit' },
      { id: 'IMC-02', name: 'Sefton Park Reablement Beds' },
      { id: 'IMC-03', name: 'Mersey View Rehabilitation Unit' },
    ],
    careHomes: [
      { id: 'CH-001', name: 'Larkspur House' },
      { id: 'CH-002', name: 'The Willows Nursing Home' },
      { id: 'CH-003', name: 'Calderstones Court' },
      { id: 'CH-004', name: 'Anfield Lodge' },
      { id: 'CH-005', name: 'Woolton Grange Nursing Home' },
    ],
  },
  admissions: {
    // [assumption] A large acute trust: 220 index admissions a day (readmissions come on top, see
    // `readmission`) fill ~1,100 beds at midnight, about 1% of England's ~100,000 general and acute beds
    // ([source] Health Foundation, 3 Mar 2023, see `pathwayMix`) — large next to the ~800 of an average
    // acute trust (some 120 of them). Was 150; raised with the England-like pathway mix so that a week
    // still sends ~21,000 messages (a P0 journey sends fewer than a P1 one, with its reablement).
    perDay: 220,
    // [assumption] Relative admission rate per local hour 00..23: emergencies peak late morning to
    // evening, few at night. Normalised by its mean, so only the shape matters.
    hourlyProfile: [
      2, 1.5, 1.2, 1, 1, 1, 1.2, 2, 3, 4, 5, 5.5, 5.5, 5.5, 5.5, 5.5, 5, 5, 4.5, 4, 3.5, 3, 2.5, 2.2,
    ],
    // [assumption] About one admission in five is elective (waiting list / booked).
    electiveShare: 0.2,
    // [assumption] NHS Data Dictionary admission methods: 21 A&E, 22 GP, 28 other emergency.
    emergencyMethodMix: { '21': 0.8, '22': 0.12, '28': 0.08 },
    // [assumption] 11 waiting list, 12 booked, 13 planned.
    electiveMethodMix: { '11': 0.6, '12': 0.3, '13': 0.1 },
    // [assumption] An admission keyed in error and cancelled (HL7 A11) about once in 500.
    recordedInErrorShare: 0.002,
  },
  stay: {
    // [assumption] Time from admission until the patient no longer meets the criteria to reside, by the
    // pathway they will leave on (people going home with support are older and frailer). Together with
    // the pathway mix and the waits below this gives a mean stay of ~5 days and ~1,100 occupied beds at
    // midnight, of which ~14% NCTR (see `pathwayMix`).
    medicalPhaseDays: {
      P0: { median: 2, p95: 8 },
      P1: { median: 4, p95: 14 },
      P2: { median: 6, p95: 18 },
      P3: { median: 6, p95: 18 },
    },
    electiveMedicalPhaseDays: { median: 1.5, p95: 6 },
    // [assumption] Emergency admissions move from the assessment unit to a base ward within a day or so.
    transferAfterHours: { median: 14, p95: 36 },
    secondTransferShare: 0.1,
    // [assumption] In-hospital deaths: ~2.5% of admissions.
    inHospitalDeathShare: 0.025,
    deathAfterDays: { median: 4, p95: 20 },
  },
  // The pathway people actually leave on. NOT the 50/45/4/1 "planning split": that came from the
  // withdrawn 2020–21 COVID-19 discharge requirements (domain.md), current guidance sets no percentages
  // and pathway targets are local (HOMEFIRST_PATHWAY_TARGETS, docs/national-measures.md).
  // [source] Nuffield Trust QualityWatch, "Delayed discharges from hospital" (updated 17 Aug 2023),
  //   https://www.nuffieldtrust.org.uk/resource/delayed-discharges-from-hospital — "most people admitted
  //   to a hospital will be discharged home without any additional support".
  // [source] NHS England acute discharge sitrep, discharges by Pathway 0–3 since 27 May 2024,
  //   https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/ — the national split
  //   is published there; its figures could not be retrieved when this was written (Dec 2026).
  // [assumption] So: about four discharges in five on P0, one in six P1, the rest P2 and P3. With the
  // waits below this holds ~1 bed in 7 NCTR, as England does ([source] Health Foundation, 3 Mar 2023,
  //   https://www.health.org.uk/publications/long-reads/why-are-delayed-discharges-from-hospital-increasing-seeing-the-bigger
  //   — Dec 2022: more than 13,000 of ~100,000 beds held by people medically fit for discharge;
  //   Health Foundation, 13 Mar 2024, https://medium.com/healthfdn-data-analytics/what-do-the-data-on-hospital-discharge-delays-really-tell-us-aecdd844c073
  //   — almost 13,000 in Dec 2023; Health Foundation, Mar 2022,
  //   http://www.health.org.uk/news-and-comment/blogs/improving-hospital-discharge-in-england-the-case-for-continued-focus
  //   — 12.9% of available acute beds on 13 Mar 2022). P2 stays at 3% so that the 90 reablement beds
  //   (`p2`) are ~80% full at 220 admissions a day: ~6.4 a day × ~11 days.
  pathwayMix: { P0: 0.79, P1: 0.16, P2: 0.03, P3: 0.02 },
  readiness: {
    // [assumption] NCTR is declared at the morning board round.
    boardRoundStartHour: 9,
    boardRoundLengthHours: 3,
    // [assumption] The share of admissions that become NCTR (a DischargeReadyDeclared is sent): always
    // for P1–P3 (the transfer hub is involved); for P0 only when the patient is not gone the same day.
    // (NHS England asks for a DRD for every inpatient staying one night or more, [source] PRN00312,
    // Apr 2023, https://www.england.nhs.uk/long-read/discharge-ready-date-submission-and-adult-social-care-discharge-fund/
    // — this is how often the demo trust's feed carries it for P0.) Left at 0.4: with the mix above the
    // midnight NCTR share is already ~14%.
    p0DeclaredShare: 0.4,
    // [assumption] The trust sends a delay reason with the declaration this often; otherwise the hub
    // derives one from the council's brokerage state (docs/architecture.md).
    explicitDelayReasonShare: 0.6,
    // [domain] sitrep Table 5 reasons; [assumption] their mix per pathway.
    delayReasonMix: {
      P0: {
        AWAITING_MEDICINES_TO_TAKE_HOME: 0.35,
        AWAITING_TRANSPORT: 0.25,
        AWAITING_MEDICAL_DECISION_OR_DISCHARGE_SUMMARY: 0.25,
        AWAITING_THERAPY_DECISION: 0.1,
        AWAITING_DIAGNOSTIC_TEST: 0.05,
      },
      P1_REABLEMENT: {
        AWAITING_P1_CARE_AT_HOME: 0.5,
        AWAITING_P1_CONTINUING_REHAB: 0.1,
        AWAITING_REFERRAL_TO_TRANSFER_HUB: 0.2,
        AWAITING_EQUIPMENT_OR_ADAPTATIONS: 0.2,
      },
      P1_HOME_CARE: {
        AWAITING_P1_NEW_PACKAGE: 0.6,
        AWAITING_P1_CARE_AT_HOME: 0.2,
        AWAITING_TRANSFER_HUB_CONFIRMATION: 0.2,
      },
      P2: { AWAITING_P2_BED: 0.8, AWAITING_TRANSFER_HUB_CONFIRMATION: 0.2 },
      P3: {
        AWAITING_P3_CARE_HOME_BED: 0.7,
        AWAITING_CONTINUING_HEALTHCARE_DECISION: 0.2,
        PERSON_OR_FAMILY_DISAGREES: 0.1,
      },
    },
    // [domain] "occasional readiness withdrawn": ~5% of declarations; the patient meets a criterion to
    // reside again and the DRD restarts when they are ready again.
    withdrawnShare: 0.05,
    // [assumption] The criterion met again (NHS Data Dictionary criteria to reside).
    withdrawnCriterionMix: {
      CTR04_NEWS_ABOVE_3: 0.35,
      CTR03_INTRAVENOUS_FLUIDS: 0.2,
      CTR08_INTRAVENOUS_MEDICATION: 0.2,
      CTR02_OXYGEN_THERAPY: 0.15,
      CTR12_OTHER_OR_NOT_RECORDED: 0.1,
    },
    withdrawnAfterHours: { min: 4, max: 36 },
    readyAgainAfterDays: { median: 2, p95: 7 },
  },
  expectedDischarge: {
    // [assumption] The first board round's estimate is the true medical phase × lognormal noise
    // (σ = 0.3); revised at the readiness declaration for this share of patients.
    estimateSigma: 0.3,
    revisedWhenReadyShare: 0.5,
  },
  ward: {
    // [assumption] Ready to gone for people needing nothing new (medicines to take home, transport,
    // discharge letter): median 5 hours, 95th percentile a day.
    dischargeAfterReadyHours: { median: 5, p95: 24 },
    // [assumption] Discharges happen between 10:00 and 20:00 local time.
    dischargeWindowHours: { from: 10, to: 20 },
  },
  // [assumption] The ward refers to the care transfer hub a few hours after the declaration.
  referral: { afterReadyHours: { median: 2, p95: 12 } },
  assessment: {
    // [assumption] Trusted-assessor assessment on the ward before a package or bed is requested.
    inHospitalAfterReferralHours: { median: 6, p95: 30 },
    // [domain] Needs are assessed after discharge, at home: a few days into reablement.
    atHomeAfterStartDays: { median: 2, p95: 5 },
  },
  // [assumption] Brokerage and the hub work 08:00–18:00, seven days a week.
  brokerageHours: { from: 8, to: 18 },
  p1: {
    // [domain] P1 = reablement / rehab at home (Home First) or a new or restarted home-care package.
    // [domain] Derby's Home First took 87% of eligible discharges.
    // [assumption] Three quarters go to the reablement service, a quarter needs a package from brokerage.
    reablementShare: 0.75,
    // [domain] Liverpool's Home First moves people home within 48 hours of being ready:
    // [assumption] median 6 hours, 95th percentile 36 hours for the reablement team to take someone on.
    reablementStartDays: { median: 0.25, p95: 1.5 },
    // [assumption, per the issue] Home-care brokerage has a long tail: median 2 days, 95th percentile 10.
    homeCareBrokerageDays: { median: 2, p95: 10 },
    // [assumption] Each provider offered declines with this probability (capacity, geography).
    providerDeclineShare: 0.35,
    hoursPerWeek: { min: 5, max: 28 },
    // [assumption] The family takes over and the plan changes to P0; the referral is cancelled.
    planChangedToP0Share: 0.03,
  },
  p2: {
    // [domain] Liverpool runs 90 reablement beds.
    beds: 90,
    // [assumption] Arranging a bed-based placement once the assessment is done.
    arrangeDays: { median: 1, p95: 3 },
    // [domain] Derby cut stays in its assessment hub from 18 to 11 days; reablement lasts up to 6 weeks.
    // [assumption] Median 10 days, 95th percentile 21, capped at 42: ~6.4 admissions a day × ~11 days
    // keeps the 90 beds ~80% full, so waits for a bed are occasional, not endless.
    stayDays: { median: 10, p95: 21, max: 42 },
  },
  p3: {
    // [assumption] Care-home placements take longer to broker than home care.
    brokerageDays: { median: 5, p95: 21 },
    providerDeclineShare: 0.5,
    nursingShare: 0.4,
  },
  reablement: {
    // [domain] Reablement usually lasts up to 6 weeks. [assumption] median 3 weeks.
    homeDays: { median: 21, p95: 40, max: 42 },
    // [domain] Derby: 74% needed no ongoing service; Liverpool: over half needed no long-term care.
    // [assumption] 65% no ongoing support (between the two); the rest spread over the CLD outcomes.
    outcomeMix: {
      NO_ONGOING_SUPPORT: 0.65,
      ONGOING_LOW_LEVEL_SUPPORT: 0.1,
      LONG_TERM_SUPPORT: 0.12,
      ADMITTED_TO_HOSPITAL: 0.08,
      DECEASED: 0.03,
      OTHER: 0.02,
    },
  },
  readmission: {
    // [domain] "readmissions ~ a few %": 4% of people discharged (not into reablement) come back within
    // 30 days; people in reablement come back through the ADMITTED_TO_HOSPITAL outcome instead.
    within30DaysShare: 0.04,
    meanDaysAfterDischarge: 10,
  },
  feed: {
    // [assumption] The trust's feed is split by patient: 70% HL7 v2 ADT over MLLP, 30% FHIR.
    hl7v2Share: 0.7,
    // [assumption, per the issue] Realistic dirt: ~1% resent, ~2% late / out of order, ~0.2% malformed.
    duplicateShare: 0.01,
    lateShare: 0.02,
    malformedShare: 0.002,
    lateByHours: { median: 2, p95: 24 },
    duplicateAfterSeconds: { median: 30, p95: 600 },
    // A malformed message is followed by the corrected one (new message id) this long after.
    correctedAfterMinutes: { median: 20, p95: 120 },
  },
  // [assumption] The city runs this long before the requested start, so the hospital is full and the
  // queues are realistic from the first minute; journeys still open at the start are sent from their
  // beginning (the backfill). 12 weeks: hospital stays, then up to 6 weeks of reablement, reach steady
  // state (with 8 weeks, reablement endings in the first week still lean towards the early outcomes).
  simulation: { warmupDays: 84 },
};

/** Deep-merges a partial override (arrays replace) onto the defaults and validates the result. */
export function resolveParameters(override: unknown = {}): CityParameters {
  return cityParametersSchema.parse(deepMerge(cityDefaults, override));
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
