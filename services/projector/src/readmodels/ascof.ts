import { readModels, type ReablementOutcome, type ServiceType } from '@homefirst/schemas';
import { spellEnd, type PersonFacts, type Spell } from '../person/facts';

/**
 * ASCOF 2D and 2A (from 2024-25) as a person's KPI contributions: `day|field` counts that the view
 * (schemas read-models/ascof.ts) sums over a range. Rules follow DHSC's published CLD code
 * (https://github.com/DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures/ASCOF_2D.sql and
 * Create_ASCOF_2A_2425_Onwards.sql) and NHS England "Reproducing ASCOF metrics from CLD"
 * (https://github.com/NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations) as far as the hub's
 * data allows; every departure is listed in docs/national-measures.md ("ASCOF 2D and 2A"). All day
 * arithmetic is on London calendar dates, as the published code works on dates.
 */

const { daysBetween, localDateOf } = readModels;

type Add = (name: readModels.KpiName, field: string, amount: number) => void;

/** Reablement (ST-Max) periods of one council merged when one starts within 7 days of the last's end. */
export interface ReablementCluster {
  readonly councilCode: string;
  readonly start: number;
  /** null while any period in it is open. */
  readonly end: number | null;
  /** The outcome of the period that ended last (null while open). */
  readonly outcome: ReablementOutcome | null;
}

const dayGap = (from: number, to: number): number => daysBetween(localDateOf(from), localDateOf(to));

/**
 * Clusters as the DHSC code makes them: consecutive (at most 7 days apart) or overlapping ST-Max events
 * of one person and one council are one episode, starting at the first start and ending at the last end.
 * Periods without a start (an end the hub saw alone) are left out: they cannot be placed.
 */
export function reablementClusters(facts: PersonFacts): ReablementCluster[] {
  const byCouncil = new Map<
    string,
    { start: number; end: number | null; outcome: ReablementOutcome | null }[]
  >();
  for (const referral of facts.referrals) {
    const list = byCouncil.get(referral.councilCode) ?? [];
    for (const period of referral.reablements) {
      if (period.startedAt !== null)
        list.push({ start: period.startedAt, end: period.endedAt, outcome: period.outcome });
    }
    byCouncil.set(referral.councilCode, list);
  }
  const clusters: ReablementCluster[] = [];
  for (const [councilCode, periods] of [...byCouncil].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    periods.sort((a, b) => a.start - b.start || (a.end ?? Infinity) - (b.end ?? Infinity));
    let current: { start: number; end: number | null; outcome: ReablementOutcome | null } | null = null;
    for (const period of periods) {
      if (current !== null && (current.end === null || dayGap(current.end, period.start) <= 7)) {
        const later = current.end === null || period.end === null || period.end >= current.end;
        current.end = current.end === null || period.end === null ? null : Math.max(current.end, period.end);
        if (later) current.outcome = period.end === null ? null : period.outcome;
        continue;
      }
      if (current !== null) clusters.push({ councilCode, ...current });
      current = { ...period };
    }
    if (current !== null) clusters.push({ councilCode, ...current });
  }
  return clusters;
}

const LONG_TERM_PLACEMENTS: ReadonlySet<ServiceType> = new Set(['RESIDENTIAL_CARE', 'NURSING_CARE']);
/** Long-term support in the hub's service types: care-home placements and home care (CLD "community"). */
const LONG_TERM_SERVICES: ReadonlySet<ServiceType> = new Set([
  'RESIDENTIAL_CARE',
  'NURSING_CARE',
  'HOME_CARE',
]);

/** Discharge destinations the DHSC code leaves out: 49-52 other NHS hospitals, 79 died, 87 non-NHS hospital, 88 hospice. */
const EXCLUDED_DESTINATIONS: ReadonlySet<string> = new Set([
  'DD49_NHS_HIGH_SECURITY_PSYCHIATRIC',
  'DD50_NHS_MEDIUM_SECURE',
  'DD51_NHS_OTHER_HOSPITAL_GENERAL_WARD',
  'DD52_NHS_OTHER_HOSPITAL_MATERNITY_WARD',
  'DD79_DIED',
  'DD87_NON_NHS_HOSPITAL',
  'DD88_NON_NHS_HOSPICE',
]);
/** Admission methods the DHSC code leaves out: 31-32 maternity, 82-83 births. */
const EXCLUDED_METHODS: ReadonlySet<string> = new Set(['31', '32', '82', '83']);
const AGE_65_PLUS: ReadonlySet<string> = new Set(['AGE_65_TO_74', 'AGE_75_TO_84', 'AGE_85_AND_OVER']);

/** Council placements (residential or nursing) started in [from, to] (London days, inclusive). */
const placementStartedBetween = (facts: PersonFacts, from: number, toDays: number): boolean =>
  facts.referrals.some((r) =>
    r.packages.some(
      (p) =>
        LONG_TERM_PLACEMENTS.has(p.serviceType) &&
        p.startedAt !== null &&
        dayGap(from, p.startedAt) >= 0 &&
        dayGap(from, p.startedAt) <= toDays,
    ),
  );

/** Non-elective admission (SUS management type EM or NE): admission method 2x emergency, 3x maternity, 8x other. */
const nonElective = (spell: Spell): boolean =>
  spell.admissionMethodCode === null
    ? spell.patientClass === 'EMERGENCY'
    : /^[238]/.test(spell.admissionMethodCode);

type Exclusion = 'age' | 'ageUnknown' | 'residence' | 'stay' | null;

/** Why a spell is not in the ASCOF 2D denominator (null: it is), for a spell discharged alive. */
function exclusionOf(facts: PersonFacts, spell: Spell, dischargedAt: number): Exclusion | 'other' {
  if (spell.destination !== null && EXCLUDED_DESTINATIONS.has(spell.destination)) return 'other';
  if (spell.admissionMethodCode !== null && EXCLUDED_METHODS.has(spell.admissionMethodCode)) return 'other';
  // Admission date before discharge date: stays of one night or more, with a known admission.
  if (spell.admittedAt === null || dayGap(spell.admittedAt, dischargedAt) < 1) return 'stay';
  if (spell.ageBand === null || spell.ageBand === 'UNKNOWN') return 'ageUnknown';
  if (!AGE_65_PLUS.has(spell.ageBand)) return 'age';
  const admittedAt = spell.admittedAt;
  if (spell.usualResidence === 'CARE_HOME' || spell.usualResidence === 'PENAL_ESTABLISHMENT')
    return 'residence';
  // A council placement started before admission: in residential or nursing care at admission (the hub
  // sees no placement end, so an earlier placement is taken as still running).
  const placed = facts.referrals.some((r) =>
    r.packages.some(
      (p) => LONG_TERM_PLACEMENTS.has(p.serviceType) && p.startedAt !== null && p.startedAt <= admittedAt,
    ),
  );
  return placed ? 'residence' : null;
}

interface EligibleDischarge {
  readonly spell: Spell;
  readonly admittedAt: number;
  readonly dischargedAt: number;
}

/** Whether a cluster's start is in the discharge's linking window: 3 days before to 7 days after, not before admission. */
const linksTo = (discharge: EligibleDischarge, cluster: ReablementCluster): boolean => {
  const gap = dayGap(discharge.dischargedAt, cluster.start);
  return gap >= -3 && gap <= 7 && dayGap(discharge.admittedAt, cluster.start) >= 0;
};

/** Part 1 flags within 84 days of the discharge: death, non-elective readmission, new placement. */
function outcomesOf(
  facts: PersonFacts,
  discharge: EligibleDischarge,
  clusterStart: number,
): { died: boolean; readmitted: boolean; placed: boolean } {
  const { dischargedAt } = discharge;
  const inWindow = (at: number): boolean => dayGap(dischargedAt, at) >= 0 && dayGap(dischargedAt, at) <= 84;
  const councilDeath = facts.referrals.some((r) =>
    r.reablements.some((p) => p.outcome === 'DECEASED' && p.endedAt !== null && inWindow(p.endedAt)),
  );
  const died = (facts.diedAt !== null && inWindow(facts.diedAt)) || councilDeath;
  const readmitted = facts.spells.some((other) => {
    if (other === discharge.spell || other.status === 'CANCELLED' || other.admittedAt === null) return false;
    const at = other.admittedAt;
    const end = spellEnd(other);
    // Admitted after the discharge day and the reablement start, within 84 days; stays of a night or more.
    return (
      dayGap(dischargedAt, at) >= 1 &&
      dayGap(clusterStart, at) >= 1 &&
      dayGap(dischargedAt, at) <= 84 &&
      (end === null || dayGap(at, end) >= 1) &&
      nonElective(other)
    );
  });
  return { died, readmitted, placed: placementStartedBetween(facts, dischargedAt, 84) };
}

/**
 * ASCOF 2D, per discharge day: `discharges` (part 2 denominator), `linked` (part 2 numerator and part 1
 * denominator), `remained` (part 1 numerator: no death, non-elective readmission or new residential or
 * nursing placement within 84 days), the three flags `died` / `readmitted` / `placed` (they overlap),
 * and `ageUnknown` (discharges that would be counted but have no age band: left out).
 */
export function countAscof2D(add: Add, facts: PersonFacts): void {
  const eligible: EligibleDischarge[] = [];
  for (const spell of facts.spells) {
    if (spell.status !== 'DISCHARGED' || spell.dischargedAt === null || spell.admittedAt === null) {
      continue;
    }
    const exclusion = exclusionOf(facts, spell, spell.dischargedAt);
    if (exclusion === 'ageUnknown') add('ascof2d', `${localDateOf(spell.dischargedAt)}|ageUnknown`, 1);
    if (exclusion === null)
      eligible.push({ spell, admittedAt: spell.admittedAt, dischargedAt: spell.dischargedAt });
  }
  if (eligible.length === 0) return;
  const clusters = reablementClusters(facts);
  for (const discharge of eligible) {
    const day = localDateOf(discharge.dischargedAt);
    add('ascof2d', `${day}|discharges`, 1);
    // A cluster in the windows of several discharges goes with the latest of them (DHSC code).
    const linked = clusters.filter(
      (cluster) =>
        linksTo(discharge, cluster) &&
        !eligible.some(
          (other) => other !== discharge && localDateOf(other.dischargedAt) > day && linksTo(other, cluster),
        ),
    );
    const first = linked.sort((a, b) => a.start - b.start)[0];
    if (first === undefined) continue;
    add('ascof2d', `${day}|linked`, 1);
    const { died, readmitted, placed } = outcomesOf(facts, discharge, first.start);
    if (died) add('ascof2d', `${day}|died`, 1);
    if (readmitted) add('ascof2d', `${day}|readmitted`, 1);
    if (placed) add('ascof2d', `${day}|placed`, 1);
    if (!died && !readmitted && !placed) add('ascof2d', `${day}|remained`, 1);
  }
}

export type Ascof2ASequel = 'deceased' | 'admittedToHospital' | 'longTerm' | 'notLongTerm' | 'unclassified';

/** The sequel of an ended reablement cluster (DHSC 2A steps 1-4, the hub's data). */
export function sequelOf(facts: PersonFacts, cluster: ReablementCluster & { end: number }): Ascof2ASequel {
  if ((facts.diedAt !== null && dayGap(cluster.end, facts.diedAt) <= 7) || cluster.outcome === 'DECEASED')
    return 'deceased';
  if (cluster.outcome === 'ADMITTED_TO_HOSPITAL') return 'admittedToHospital';
  const services = facts.referrals
    .filter((r) => r.councilCode === cluster.councilCode)
    .flatMap((r) => r.packages)
    .filter(
      (p) => p.startedAt !== null && p.startedAt >= cluster.start && dayGap(cluster.end, p.startedAt) <= 7,
    );
  if (services.some((p) => LONG_TERM_SERVICES.has(p.serviceType))) return 'longTerm';
  if (services.some((p) => p.serviceType === 'EQUIPMENT_OR_ADAPTATIONS')) return 'notLongTerm';
  if (cluster.outcome === 'LONG_TERM_SUPPORT') return 'longTerm';
  if (cluster.outcome === 'NO_ONGOING_SUPPORT' || cluster.outcome === 'ONGOING_LOW_LEVEL_SUPPORT')
    return 'notLongTerm';
  return 'unclassified';
}

/**
 * ASCOF 2A, per day a reablement cluster ended: for new clients (no long-term package of that council
 * started before the cluster), `episodes` (denominator: sequel long-term or not) and `notLongTerm`
 * (numerator); `deceased`, `admittedToHospital` and `unclassified` clusters are outside both;
 * `notNewClient` counts the clusters of existing clients.
 */
export function countAscof2A(add: Add, facts: PersonFacts): void {
  for (const cluster of reablementClusters(facts)) {
    if (cluster.end === null) continue;
    const end = cluster.end;
    // People who died before the cluster started are outside the measure (DHSC code).
    if (facts.diedAt !== null && dayGap(facts.diedAt, cluster.start) > 0) continue;
    const day = localDateOf(end);
    const existing = facts.referrals.some(
      (r) =>
        r.councilCode === cluster.councilCode &&
        r.packages.some(
          (p) => LONG_TERM_SERVICES.has(p.serviceType) && p.startedAt !== null && p.startedAt < cluster.start,
        ),
    );
    if (existing) {
      add('ascof2a', `${day}|notNewClient`, 1);
      continue;
    }
    const sequel = sequelOf(facts, { ...cluster, end });
    if (sequel === 'longTerm' || sequel === 'notLongTerm') add('ascof2a', `${day}|episodes`, 1);
    add('ascof2a', `${day}|${sequel}`, 1);
  }
}
