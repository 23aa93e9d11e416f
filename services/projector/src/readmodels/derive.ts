import { readModels, type Location, type Pathway } from '@homefirst/schemas';
import type { PersonRecord } from '../person/evolve';
import {
  foldFacts,
  spellEnd,
  type PersonFacts,
  type ReadinessEpisode,
  type Referral,
  type Spell,
} from '../person/facts';
import {
  delayAt,
  firstAfter,
  pathwayAt,
  providerSourcedAt,
  referralAt,
  referralsOfSpell,
  valueAt,
} from './delay-reason';
import { journeyEventsOf } from './journey-summary';

const { DAY_MS, HOUR_MS, daysBetween, weekStartOf, KPI_NAMES } = readModels;

/**
 * A person is derived again after each of their events, with mostly the same instants: a bounded memo of
 * the instant → text conversions (pure functions; cleared when full).
 */
const memoised = (convert: (ms: number) => string): ((ms: number) => string) => {
  const cache = new Map<number, string>();
  return (ms) => {
    let text = cache.get(ms);
    if (text === undefined) {
      if (cache.size >= 50_000) cache.clear();
      text = convert(ms);
      cache.set(ms, text);
    }
    return text;
  };
};
const iso = memoised(readModels.iso);
const localDateOf = memoised(readModels.localDateOf);
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
type AwayPeriod = readModels.AwayPeriod;
type KpiCounts = readModels.KpiCounts;
type KpiName = readModels.KpiName;
type PersonReadModels = readModels.PersonReadModels;
type QueueEntry = readModels.QueueEntry;
type TrackerEpisode = readModels.TrackerEpisode;

export const DEADLINE_MS = 48 * HOUR_MS;
const NO_SITE = '-';

const episodeIdOf = (personKey: string, episode: ReadinessEpisode): string =>
  `${personKey}:${episode.spellId}:${iso(episode.readyAt)}`;

const locationAt = (spell: Spell, t: number): Location | null => valueAt(spell.locations, t) ?? null;

/** Field-safe site label for KPI hashes ('|' separates fields). */
const siteLabel = (site: string | null | undefined): string =>
  site === null || site === undefined || site === '' ? NO_SITE : site.replaceAll('|', '/');

class KpiBuilder {
  private readonly counts = new Map<KpiName, Map<string, number>>();
  add(name: KpiName, field: string, amount: number): void {
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
  build(): KpiCounts {
    const entries = KPI_NAMES.map((name) => {
      const hash = this.counts.get(name) ?? new Map<string, number>();
      return [name, Object.fromEntries([...hash.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))];
    });
    return Object.fromEntries(entries) as KpiCounts; // one entry per KPI_NAMES member
  }
}

/** Change points of what an open episode counts as in the census: its site and its sitrep reason. */
function censusSegments(
  episode: ReadinessEpisode,
  spell: Spell,
  linked: readonly Referral[],
): { from: number; to: number | null; site: string; reason: string }[] {
  const start = episode.readyAt;
  const end = episode.endedAt;
  const times = new Set<number>([start]);
  const consider = (t: number | null): void => {
    if (t !== null && t > start && (end === null || t < end)) times.add(t);
  };
  for (const item of episode.pathways) consider(item.at);
  for (const item of episode.delays) consider(item.at);
  // Only the moves inside the episode matter (binary search to the first one after its start).
  for (let index = firstAfter(spell.locations, start); index < spell.locations.length; index += 1) {
    const move = spell.locations[index];
    if (move === undefined || (end !== null && move.at >= end)) break;
    consider(move.at);
  }
  for (const referral of linked) {
    consider(referral.receivedAt);
    consider(referral.assessedAt);
    consider(referral.cancelledAt);
    for (const p of referral.packages) {
      consider(p.requestedAt);
      consider(p.sourcedAt);
      consider(p.startedAt);
    }
    for (const r of referral.reablements) consider(r.startedAt);
  }
  const segments: { from: number; to: number | null; site: string; reason: string }[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    const site = siteLabel(locationAt(spell, t)?.site);
    const reason = delayAt(episode, linked, t).sitrepReason;
    const last = segments.at(-1);
    if (last !== undefined && last.site === site && last.reason === reason) continue;
    if (last !== undefined) last.to = t;
    segments.push({ from: t, to: null, site, reason });
  }
  const last = segments.at(-1);
  if (last !== undefined) last.to = end;
  return segments;
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
        period.startedAt >= dischargedAt - 3 * DAY_MS &&
        period.startedAt <= dischargedAt + 7 * DAY_MS,
    )
    .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));

/** Admission to back home; bed-based intermediate care after discharge counts as still away. */
function awayPeriodOf(spell: Spell, facts: PersonFacts): AwayPeriod | null {
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
  const day91 = dischargedAt + 91 * DAY_MS;
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

/** A spell's discharge (not a death) in the discharge KPIs, and in the ASCOF 91-day cohort after reablement. */
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
  if (reablementAfter(facts, spell.dischargedAt).length > 0) {
    kpis.add('home91', `${day}|cohort`, 1);
    if (atHomeAfter91Days(facts, spell, spell.dischargedAt)) kpis.add('home91', `${day}|atHome`, 1);
  }
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
        kpis.add('icstay', `${day}|hours`, Math.round((period.endedAt - period.startedAt) / HOUR_MS));
      }
    }
  }
}

/**
 * Everything a person contributes to the read models, from their record alone. Pure and deterministic:
 * the same journal always gives the same (JSON-identical) result.
 */
export function deriveReadModels(person: PersonRecord): PersonReadModels {
  if (person.retiredInto !== null) {
    return { queue: null, episodes: [], weekly: [], journey: null, kpis: new KpiBuilder().build() };
  }
  const facts = foldFacts(person.journal);
  const kpis = new KpiBuilder();
  const episodes: TrackerEpisode[] = [];
  const weekly: PersonReadModels['weekly'][number][] = [];
  const openEntries: QueueEntry[] = [];

  for (const spell of facts.spells) {
    if (spell.status === 'CANCELLED') continue;
    const linked = referralsOfSpell(spell, facts.referrals);
    const sourcedAt = providerSourcedAt(linked);
    for (const episode of spell.episodes) {
      const episodeId = episodeIdOf(person.personKey, episode);
      const now = Number.POSITIVE_INFINITY;
      const delay = delayAt(episode, linked, now);
      const referral = referralAt(linked, now);
      const pathway = pathwayAt(episode, referral, now);
      const location = locationAt(spell, episode.endedAt ?? now);
      const deadline = episode.readyAt + DEADLINE_MS;
      const dischargedEpisode = episode.ending === 'DISCHARGED' && episode.endedAt !== null;
      episodes.push({
        episodeId,
        personKey: person.personKey,
        spellId: spell.spellId,
        trust: spell.trustCode,
        site: location?.site ?? null,
        ward: location?.ward ?? null,
        location,
        pathway,
        dischargeReadyDate: episode.dischargeReadyDate,
        readyAt: iso(episode.readyAt),
        deadline: iso(deadline),
        providerSourcedAt: isoOrNull(sourcedAt),
        delay: { reason: delay.sitrepReason, attribution: delay.attribution },
        endedAt: isoOrNull(episode.endedAt),
        ending: episode.ending,
        actualPathway: dischargedEpisode ? (spell.actualPathway ?? pathway) : null,
      });
      for (const segment of censusSegments(episode, spell, linked)) {
        const from = localDateOf(segment.from);
        const to = segment.to === null ? null : localDateOf(segment.to);
        if (from === to) continue; // in and out of the census the same day: +1 and −1 on one field
        kpis.add('nctr', `${from}|${segment.site}|${segment.reason}`, 1);
        if (to !== null) kpis.add('nctr', `${to}|${segment.site}|${segment.reason}`, -1);
      }
      if (dischargedEpisode && episode.endedAt !== null) {
        const day = localDateOf(episode.endedAt);
        const hours = Math.round(((episode.endedAt - episode.readyAt) / HOUR_MS) * 100) / 100;
        weekly.push({
          week: weekStartOf(day),
          episodeId,
          figure: { site: siteLabel(location?.site), pathway: spell.actualPathway ?? pathway, hours },
        });
        const excess = Math.max(0, daysBetween(episode.dischargeReadyDate, day));
        kpis.add('excess', `${day}|${siteLabel(location?.site)}|${delay.attribution}`, excess);
      }
      if (episode.endedAt === null && spell.status === 'IN_HOSPITAL') {
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

  const queue =
    openEntries.sort((a, b) => (a.readySince < b.readySince ? -1 : a.readySince > b.readySince ? 1 : 0))[0] ??
    null;
  const awayPeriods = facts.spells
    .map((spell) => awayPeriodOf(spell, facts))
    .filter((period): period is AwayPeriod => period !== null);
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
