import { readModels, type Pathway } from '@homefirst/schemas';
import type { PersonRecord } from '../person/evolve';
import { MEMO_FROM_LENGTH } from '../person/journal-memo';
import { foldFacts, spellEnd, type PersonFacts, type Referral, type Spell } from '../person/facts';
import { pathwayAt, providerSourcedAt, referralAt, referralsOfSpell } from './delay-reason';
import { episodeOutputs, iso, isoOrNull, localDateOf, locationAt, siteLabel } from './episode';
import { intermediateCareFields } from './intermediate-care';
import { journeyEventsOf } from './journey-summary';
import { countAscof2A, countAscof2D } from './ascof';

const { daysBetween } = readModels;

export { DEADLINE_MS } from './episode';

class KpiBuilder {
  private readonly counts = new Map<readModels.KpiName, Map<string, number>>();
  add(name: readModels.KpiName, field: string, amount: number): void {
    if (amount === 0) return;
    let hash = this.counts.get(name);
    if (hash === undefined) {
      hash = new Map();
      this.counts.set(name, hash);
    }
    const next = (hash.get(field) ?? 0) + amount;
    if (next === 0) hash.delete(field);
    else hash.set(field, next);
  }
  /** Every KPI name, each with its fields in sorted order (so the JSON is the same whatever the adding order). */
  build(): readModels.KpiCounts {
    const counts: Record<string, Record<string, number>> = {};
    for (const name of readModels.KPI_NAMES) {
      const hash = this.counts.get(name);
      const fields: Record<string, number> = {};
      if (hash !== undefined) {
        // Called once per derivation: plain loops, and no sort for the usual one or two fields.
        const names = [...hash.keys()];
        if (names.length > 1) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        for (const field of names) fields[field] = hash.get(field) as number;
      }
      counts[name] = fields;
    }
    return counts as readModels.KpiCounts; // one entry per readModels.KPI_NAMES member
  }
}

const CARE_HOME_DESTINATIONS = new Set([
  'DD54_NHS_CARE_HOME',
  'DD55_CARE_HOME_WITH_NURSING',
  'DD56_CARE_HOME_WITHOUT_NURSING',
  'DD65_LOCAL_AUTHORITY_RESIDENTIAL',
  'DD85_NON_NHS_CARE_HOME',
]);
const HOME_DESTINATIONS = new Set([
  'DD19_USUAL_PLACE_OF_RESIDENCE',
  'DD29_TEMPORARY_PLACE_OF_RESIDENCE',
  'DD98_NOT_APPLICABLE',
  'DD99_NOT_KNOWN',
]);

/** Reablement within 3 days before to 7 days after a discharge counts as discharge into reablement (ASCOF). */
const reablementAfter = (facts: PersonFacts, dischargedAt: number) =>
  facts.referrals
    .flatMap((r) => r.reablements)
    .filter(
      (period) =>
        period.startedAt !== null &&
        period.startedAt >= dischargedAt - 3 * readModels.DAY_MS &&
        period.startedAt <= dischargedAt + 7 * readModels.DAY_MS,
    )
    .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));

/** Admission to back home; bed-based intermediate care after discharge counts as still away. */
function awayPeriodOf(spell: Spell, facts: PersonFacts): readModels.AwayPeriod | null {
  if (spell.status === 'CANCELLED') return null;
  const from = iso(spell.admittedAt ?? spell.firstSeenAt);
  const base = { spellId: spell.spellId, from, destination: spell.destination };
  if (spell.status === 'DIED' && spell.diedAt !== null)
    return { ...base, to: iso(spell.diedAt), endedBy: 'DIED', includesIntermediateCare: false };
  if (spell.status !== 'DISCHARGED' || spell.dischargedAt === null)
    return { ...base, to: null, endedBy: null, includesIntermediateCare: false };
  const dischargedAt = spell.dischargedAt;
  if (spell.destination === 'DD79_DIED')
    return { ...base, to: iso(dischargedAt), endedBy: 'DIED', includesIntermediateCare: false };
  const bedBased = reablementAfter(facts, dischargedAt).find((period) => period.setting === 'BED_BASED');
  if (bedBased !== undefined || spell.actualPathway === 'P2') {
    if (bedBased?.endedAt === null || bedBased?.endedAt === undefined)
      return { ...base, to: null, endedBy: null, includesIntermediateCare: true };
    const endedBy =
      bedBased.outcome === 'DECEASED'
        ? 'DIED'
        : bedBased.outcome === 'ADMITTED_TO_HOSPITAL'
          ? 'READMITTED'
          : 'HOME';
    return { ...base, to: iso(bedBased.endedAt), endedBy, includesIntermediateCare: true };
  }
  if (
    spell.actualPathway === 'P3' ||
    (spell.destination !== null && CARE_HOME_DESTINATIONS.has(spell.destination))
  )
    return { ...base, to: iso(dischargedAt), endedBy: 'CARE_HOME', includesIntermediateCare: false };
  if (spell.destination === null || HOME_DESTINATIONS.has(spell.destination))
    return { ...base, to: iso(dischargedAt), endedBy: 'HOME', includesIntermediateCare: false };
  // Another hospital, a hospice, a court…: not home, and the hub does not see the return.
  return { ...base, to: null, endedBy: null, includesIntermediateCare: false };
}

/** Whether a person discharged at `dischargedAt` was at home 91 days later, as far as the hub knows. */
function atHomeAfter91Days(facts: PersonFacts, spell: Spell, dischargedAt: number): boolean {
  const day91 = dischargedAt + 91 * readModels.DAY_MS;
  if (facts.diedAt !== null && facts.diedAt <= day91) return false;
  const inHospital = facts.spells.some((other) => {
    if (other === spell || other.status === 'CANCELLED') return false;
    const start = other.admittedAt ?? other.firstSeenAt;
    const end = spellEnd(other) ?? Number.POSITIVE_INFINITY;
    return start > dischargedAt && start <= day91 && end > day91;
  });
  if (inHospital) return false;
  const inCareHome = facts.referrals.some(
    (r) =>
      r.packages.some(
        (p) =>
          (p.serviceType === 'RESIDENTIAL_CARE' || p.serviceType === 'NURSING_CARE') &&
          p.startedAt !== null &&
          p.startedAt <= day91,
      ) ||
      r.reablements.some((period) => period.outcome === 'DECEASED' && (period.endedAt ?? Infinity) <= day91),
  );
  if (inCareHome) return false;
  return !facts.spells.some(
    (other) =>
      other.dischargedAt !== null &&
      other.dischargedAt > dischargedAt &&
      other.dischargedAt <= day91 &&
      other.destination !== null &&
      CARE_HOME_DESTINATIONS.has(other.destination),
  );
}

/**
 * A spell's discharge (not a death) in the discharge KPIs, and in the historical ASCOF 2B1 cohort ("still at
 * home 91 days after discharge into reablement", published until 2023-24; replaced by ASCOF 2D, ascof.ts).
 */
function countDischarge(
  kpis: KpiBuilder,
  facts: PersonFacts,
  spell: Spell,
  linked: readonly Referral[],
): void {
  if (spell.status !== 'DISCHARGED' || spell.dischargedAt === null || spell.destination === 'DD79_DIED')
    return;
  const day = localDateOf(spell.dischargedAt);
  const site = siteLabel(locationAt(spell, spell.dischargedAt)?.site);
  const lastEpisode = spell.episodes.at(-1);
  const pathway: Pathway =
    spell.actualPathway !== null && spell.actualPathway !== 'UNKNOWN'
      ? spell.actualPathway
      : lastEpisode !== undefined
        ? pathwayAt(lastEpisode, referralAt(linked, spell.dischargedAt), spell.dischargedAt)
        : 'UNKNOWN';
  kpis.add('discharges', `${day}|${site}|${pathway}`, 1);
  // DRD timeliness (schemas drd-timeliness.ts) covers stays of one night or more.
  const nights = spell.admittedAt === null ? null : daysBetween(localDateOf(spell.admittedAt), day);
  if (nights === null || nights >= 1) {
    const final = spell.episodes.find((e) => e.ending === 'DISCHARGED' && e.endedAt === spell.dischargedAt);
    const daysAfterDrd = final === undefined ? null : daysBetween(final.dischargeReadyDate, day);
    const trust = siteLabel(spell.trustCode);
    for (const [field, amount] of readModels.drdContribution({ day, trust, site, pathway, daysAfterDrd }))
      kpis.add('drd', field, amount);
  }
  if (reablementAfter(facts, spell.dischargedAt).length > 0) {
    kpis.add('home91', `${day}|cohort`, 1);
    if (atHomeAfter91Days(facts, spell, spell.dischargedAt)) kpis.add('home91', `${day}|atHome`, 1);
  }
}

/**
 * A readiness episode's part of the acute discharge sitrep return (schemas sitrep-return.ts): when it began
 * and ended (London dates), how, its DRD and the admission date. Not memoised with the episode's other
 * outputs: it reads the admission time, which the closed-episode memo does not compare.
 */
function countSitrep(kpis: KpiBuilder, spell: Spell, episode: Spell['episodes'][number]): void {
  const outcome: readModels.SitrepOutcome =
    episode.endedAt === null
      ? 'open'
      : episode.ending === 'DISCHARGED' && spell.destination !== 'DD79_DIED'
        ? 'discharged'
        : 'ended';
  const fields = readModels.sitrepContribution({
    readyDay: localDateOf(episode.readyAt),
    trust: siteLabel(spell.trustCode),
    endDay: episode.endedAt === null ? null : localDateOf(episode.endedAt),
    outcome,
    dischargeReadyDate: episode.dischargeReadyDate,
    admittedDay: spell.admittedAt === null ? null : localDateOf(spell.admittedAt),
  });
  for (const [field, amount] of fields) kpis.add('sitrep', field, amount);
}

/** Ended reablement periods by outcome, and bed-based ones as intermediate-care stays. */
function countReablements(kpis: KpiBuilder, facts: PersonFacts): void {
  for (const referral of facts.referrals) {
    for (const period of referral.reablements) {
      if (period.endedAt === null) continue;
      const day = localDateOf(period.endedAt);
      kpis.add('reablement', `${day}|${period.setting}|${period.outcome ?? 'UNKNOWN'}`, 1);
      if (period.setting === 'BED_BASED' && period.startedAt !== null) {
        kpis.add('icstay', `${day}|stays`, 1);
        kpis.add(
          'icstay',
          `${day}|hours`,
          Math.round((period.endedAt - period.startedAt) / readModels.HOUR_MS),
        );
      }
    }
  }
}

/**
 * Everything a person contributes to the read models, from their record alone. Pure and deterministic:
 * the same journal always gives the same (JSON-identical) result.
 */
export function deriveReadModels(person: PersonRecord): readModels.PersonReadModels {
  if (person.retiredInto !== null) {
    return { queue: null, episodes: [], weekly: [], journey: null, kpis: new KpiBuilder().build() };
  }
  const facts = foldFacts(person.journal);
  const memoise = person.journal.length >= MEMO_FROM_LENGTH;
  const kpis = new KpiBuilder();
  const episodes: readModels.TrackerEpisode[] = [];
  const weekly: readModels.PersonReadModels['weekly'][number][] = [];
  const openEntries: readModels.QueueEntry[] = [];

  for (const spell of facts.spells) {
    if (spell.status === 'CANCELLED') continue;
    const linked = referralsOfSpell(spell, facts.referrals);
    const sourcedAt = providerSourcedAt(linked);
    const linkedKey = memoise ? JSON.stringify(linked) : '';
    for (const episode of spell.episodes) {
      const derived = episodeOutputs({
        personKey: person.personKey,
        spell,
        episode,
        linked,
        linkedKey,
        sourcedAt,
        memoise,
      });
      episodes.push(derived.tracker);
      if (derived.weekly !== null) weekly.push(derived.weekly);
      for (const [name, field, amount] of derived.kpis) kpis.add(name, field, amount);
      countSitrep(kpis, spell, episode);
      if (derived.open !== null && spell.status === 'IN_HOSPITAL') {
        const { episodeId, location, pathway, delay, delaySince, referral, deadline } = derived.open;
        openEntries.push({
          personKey: person.personKey,
          nhsNumber: person.nhsNumber,
          episodeId,
          spellId: spell.spellId,
          trust: spell.trustCode,
          site: location?.site ?? null,
          ward: location?.ward ?? null,
          bed: location?.bed ?? null,
          pathway,
          dischargeReadyDate: episode.dischargeReadyDate,
          readySince: iso(episode.readyAt),
          deadline: iso(deadline),
          delayReason: delay.reason,
          sitrepReason: delay.sitrepReason,
          delayReasonSource: delay.source,
          delayReasonSince: iso(delaySince),
          attribution: delay.attribution,
          council: referral?.councilCode ?? null,
          referralId: referral?.referralId ?? null,
          providerSourcedAt: isoOrNull(sourcedAt),
          expectedDischargeDate: spell.expectedDischargeDate,
          onLeave: spell.onLeave,
          admittedAt: isoOrNull(spell.admittedAt),
        });
      }
    }
    countDischarge(kpis, facts, spell, linked);
  }
  countReablements(kpis, facts);
  const add = kpis.add.bind(kpis);
  countAscof2D(add, facts);
  countAscof2A(add, facts);
  for (const [field, amount] of intermediateCareFields(facts)) kpis.add('icare', field, amount);

  const queue =
    openEntries.sort((a, b) => (a.readySince < b.readySince ? -1 : a.readySince > b.readySince ? 1 : 0))[0] ??
    null;
  const awayPeriods = facts.spells
    .map((spell) => awayPeriodOf(spell, facts))
    .filter((period): period is readModels.AwayPeriod => period !== null);
  const journey =
    person.journal.length === 0
      ? null
      : {
          personKey: person.personKey,
          nhsNumber: person.nhsNumber,
          mergedFrom: person.absorbed,
          events: journeyEventsOf(person.journal),
          awayPeriods,
        };
  return { queue, episodes, weekly, journey, kpis: kpis.build() };
}
