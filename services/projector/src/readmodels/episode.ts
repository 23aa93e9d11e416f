import { readModels, type DischargeDelay, type Location, type Pathway } from '@homefirst/schemas';
import type { ReadinessEpisode, Referral, Spell, Timed } from '../person/facts';
import { delayAt, firstAfter, pathwayAt, referralAt, valueAt, type DelayExplanation } from './delay-reason';

/**
 * One readiness episode's part of a person's read models: its tracker row, its weekly figure, its KPI
 * contributions (census, excess bed days) — and, while it is open, what its queue entry needs. A closed
 * episode's part is memoised on everything it reads, so a long history's closed episodes are not derived
 * again on each new event (see closedEpisodes below).
 */

const { HOUR_MS, daysBetween, weekStartOf } = readModels;
type KpiName = readModels.KpiName;
type TrackerEpisode = readModels.TrackerEpisode;
type WeeklyItem = readModels.PersonReadModels['weekly'][number];

/**
 * A person is derived again after each of their events, with mostly the same instants: a memo of the
 * instant → text conversions (pure functions). Direct-mapped (one slot per instant mod 8,192, a newer instant
 * takes the slot): a miss — most instants of a rebuild, where each person is derived about once — costs
 * next to nothing over the conversion, where a Map of double keys cost four times the conversion itself.
 */
const memoised = (convert: (ms: number) => string): ((ms: number) => string) => {
  const SLOTS = 8_192;
  const instants = new Float64Array(SLOTS).fill(Number.NaN);
  const texts: string[] = new Array<string>(SLOTS).fill('');
  return (ms) => {
    const slot = (((ms % SLOTS) + SLOTS) % SLOTS) | 0;
    if (instants[slot] === ms) return texts[slot] as string;
    const text = convert(ms);
    instants[slot] = ms;
    texts[slot] = text;
    return text;
  };
};
export const iso = memoised(readModels.iso);
export const localDateOf = memoised(readModels.localDateOf);
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
export const DEADLINE_MS = 48 * HOUR_MS;
const NO_SITE = '-';

export const episodeIdOf = (personKey: string, episode: ReadinessEpisode): string =>
  `${personKey}:${episode.spellId}:${iso(episode.readyAt)}`;

export const locationAt = (spell: Spell, t: number): Location | null => valueAt(spell.locations, t) ?? null;

/** Field-safe site label for KPI hashes ('|' separates fields). */
export const siteLabel = (site: string | null | undefined): string =>
  site === null || site === undefined || site === '' ? NO_SITE : site.replaceAll('|', '/');

/**
 * The times inside an episode at which its delay reason may change (its start, pathway and reason
 * declarations, and the linked referrals' council events), with `extra` ones; unsorted.
 */
function changeTimes(
  episode: ReadinessEpisode,
  linked: readonly Referral[],
  extra: (consider: (t: number | null) => void) => void = () => undefined,
): Set<number> {
  const start = episode.readyAt;
  const end = episode.endedAt;
  const times = new Set<number>([start]);
  const consider = (t: number | null): void => {
    if (t !== null && t > start && (end === null || t < end)) times.add(t);
  };
  for (const item of episode.pathways) consider(item.at);
  for (const item of episode.delays) consider(item.at);
  extra(consider);
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
  return times;
}

/**
 * Change points of what an episode counts as in the census (its site and its sitrep reason), and when its
 * current queue reason began (the last change point where that reason changed) — one delayAt per point.
 */
function censusSegments(
  episode: ReadinessEpisode,
  spell: Spell,
  linked: readonly Referral[],
): {
  segments: { from: number; to: number | null; site: string; reason: string }[];
  reasonSince: number;
} {
  const { readyAt: start, endedAt: end } = episode;
  const times = changeTimes(episode, linked, (consider) => {
    // Only the moves inside the episode matter (binary search to the first one after its start).
    for (let index = firstAfter(spell.locations, start); index < spell.locations.length; index += 1) {
      const move = spell.locations[index];
      if (move === undefined || (end !== null && move.at >= end)) break;
      consider(move.at);
    }
  });
  const segments: { from: number; to: number | null; site: string; reason: string }[] = [];
  let reasonSince = start;
  let queueReason: string | undefined;
  for (const t of [...times].sort((a, b) => a - b)) {
    const site = siteLabel(locationAt(spell, t)?.site);
    const delay = delayAt(episode, linked, t);
    if (delay.reason !== queueReason) [reasonSince, queueReason] = [t, delay.reason];
    const reason = delay.sitrepReason;
    const last = segments.at(-1);
    if (last !== undefined && last.site === site && last.reason === reason) continue;
    if (last !== undefined) last.to = t;
    segments.push({ from: t, to: null, site, reason });
  }
  const last = segments.at(-1);
  if (last !== undefined) last.to = end;
  return { segments, reasonSince };
}

/** What an open episode's queue entry is built from. */
export interface OpenEpisodeFacts {
  readonly episodeId: string;
  readonly location: Location | null;
  readonly pathway: Pathway;
  readonly delay: DelayExplanation;
  /** When `delay`'s reason began: the last change point where it changed (never before readyAt). */
  readonly delaySince: number;
  readonly referral: Referral | undefined;
  readonly deadline: number;
}

export interface EpisodeOutputs {
  readonly tracker: TrackerEpisode;
  readonly weekly: WeeklyItem | null;
  readonly kpis: readonly (readonly [KpiName, string, number])[];
  /** For an open episode (endedAt null); null for a closed one. */
  readonly open: OpenEpisodeFacts | null;
}

export interface EpisodeContext {
  readonly personKey: string;
  readonly spell: Spell;
  readonly episode: ReadinessEpisode;
  /** The spell's linked referrals, and their JSON (the memo's key for them). */
  readonly linked: readonly Referral[];
  readonly linkedKey: string;
  readonly sourcedAt: number | null;
  /** Whether a closed episode's outputs are worth memoising (a long history: see MEMO_FROM_LENGTH). */
  readonly memoise: boolean;
}

function deriveEpisode({ personKey, spell, episode, linked, sourcedAt }: EpisodeContext): EpisodeOutputs {
  const episodeId = episodeIdOf(personKey, episode);
  const now = Number.POSITIVE_INFINITY;
  const delay = delayAt(episode, linked, now);
  const referral = referralAt(linked, now);
  const pathway = pathwayAt(episode, referral, now);
  const location = locationAt(spell, episode.endedAt ?? now);
  const deadline = episode.readyAt + DEADLINE_MS;
  const dischargedEpisode = episode.ending === 'DISCHARGED' && episode.endedAt !== null;
  const tracker: TrackerEpisode = {
    episodeId,
    personKey,
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
  };
  const kpis: [KpiName, string, number][] = [];
  const census = censusSegments(episode, spell, linked);
  for (const segment of census.segments) {
    const from = localDateOf(segment.from);
    const to = segment.to === null ? null : localDateOf(segment.to);
    if (from === to) continue; // in and out of the census the same day: +1 and −1 on one field
    kpis.push(['nctr', `${from}|${segment.site}|${segment.reason}`, 1]);
    if (to !== null) kpis.push(['nctr', `${to}|${segment.site}|${segment.reason}`, -1]);
  }
  let weekly: WeeklyItem | null = null;
  if (dischargedEpisode && episode.endedAt !== null) {
    const day = localDateOf(episode.endedAt);
    const hours = Math.round(((episode.endedAt - episode.readyAt) / HOUR_MS) * 100) / 100;
    weekly = {
      week: weekStartOf(day),
      episodeId,
      figure: { site: siteLabel(location?.site), pathway: spell.actualPathway ?? pathway, hours },
    };
    const excess = Math.max(0, daysBetween(episode.dischargeReadyDate, day));
    kpis.push(['excess', `${day}|${siteLabel(location?.site)}|${delay.attribution}`, excess]);
  }
  const open =
    episode.endedAt === null
      ? {
          episodeId,
          location,
          pathway,
          delay,
          delaySince: census.reasonSince,
          referral,
          deadline,
        }
      : null;
  return { tracker, weekly, kpis, open };
}

/** Everything a closed episode's outputs read; two equal inputs give equal outputs. */
interface ClosedInputs {
  readonly personKey: string;
  readonly trustCode: string;
  readonly actualPathway: Pathway | null;
  readonly readyAt: number;
  readonly dischargeReadyDate: string;
  readonly endedAt: number;
  readonly ending: string | null;
  readonly pathways: readonly Timed<Pathway>[];
  readonly delays: readonly Timed<DischargeDelay>[];
  /** The spell's locations from the one in force at readyAt to the one at endedAt. */
  readonly moves: readonly Timed<Location>[];
  readonly linkedKey: string;
  readonly sourcedAt: number | null;
}

const sameItems = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean =>
  a.length === b.length && a.every((item, index) => same(item, b[index] as T));

// By value, not identity: a record read back from Redis is folded into new objects with the same values.
const samePathway = (a: Timed<Pathway>, b: Timed<Pathway>): boolean => a.at === b.at && a.value === b.value;
const sameDelay = (a: Timed<DischargeDelay>, b: Timed<DischargeDelay>): boolean =>
  a.at === b.at && a.value.reason === b.value.reason && a.value.attribution === b.value.attribution;
const sameMove = (a: Timed<Location>, b: Timed<Location>): boolean =>
  a === b ||
  (a.at === b.at &&
    a.value.site === b.value.site &&
    a.value.ward === b.value.ward &&
    a.value.room === b.value.room &&
    a.value.bed === b.value.bed);

const sameInputs = (a: ClosedInputs, b: ClosedInputs): boolean =>
  a.personKey === b.personKey &&
  a.trustCode === b.trustCode &&
  a.actualPathway === b.actualPathway &&
  a.readyAt === b.readyAt &&
  a.dischargeReadyDate === b.dischargeReadyDate &&
  a.endedAt === b.endedAt &&
  a.ending === b.ending &&
  a.linkedKey === b.linkedKey &&
  a.sourcedAt === b.sourcedAt &&
  sameItems(a.pathways, b.pathways, samePathway) &&
  sameItems(a.delays, b.delays, sameDelay) &&
  sameItems(a.moves, b.moves, sameMove);

const inputsOf = (context: EpisodeContext, endedAt: number): ClosedInputs => {
  const { spell, episode } = context;
  const atStart = firstAfter(spell.locations, episode.readyAt);
  const atEnd = firstAfter(spell.locations, endedAt);
  const from = Math.max(0, Math.min(atStart, atEnd) - 1);
  const to = Math.max(atStart, atEnd, from + 1);
  return {
    personKey: context.personKey,
    trustCode: spell.trustCode,
    actualPathway: spell.actualPathway,
    readyAt: episode.readyAt,
    dischargeReadyDate: episode.dischargeReadyDate,
    endedAt,
    ending: episode.ending,
    pathways: episode.pathways.slice(),
    delays: episode.delays.slice(),
    moves: spell.locations.slice(from, to),
    linkedKey: context.linkedKey,
    sourcedAt: context.sourcedAt,
  };
};

/**
 * Closed episodes' outputs by episodeId, with the inputs they were derived from: least recently used first
 * (a Map keeps insertion order; a hit moves to the end), at most CLOSED_EPISODES_KEPT.
 */
const closedEpisodes = new Map<string, { readonly inputs: ClosedInputs; readonly outputs: EpisodeOutputs }>();
const CLOSED_EPISODES_KEPT = 5_000;

/** An episode's outputs; a closed one's from the memo when nothing it reads has changed. */
export function episodeOutputs(context: EpisodeContext): EpisodeOutputs {
  const { endedAt } = context.episode;
  if (endedAt === null || !context.memoise) return deriveEpisode(context);
  const key = episodeIdOf(context.personKey, context.episode);
  const inputs = inputsOf(context, endedAt);
  const known = closedEpisodes.get(key);
  closedEpisodes.delete(key);
  if (known !== undefined && sameInputs(known.inputs, inputs)) {
    closedEpisodes.set(key, known);
    return known.outputs;
  }
  const outputs = deriveEpisode(context);
  if (closedEpisodes.size >= CLOSED_EPISODES_KEPT) {
    const oldest = closedEpisodes.keys().next();
    if (oldest.done !== true) closedEpisodes.delete(oldest.value);
  }
  closedEpisodes.set(key, { inputs, outputs });
  return outputs;
}

/** Empties the closed-episode memo (tests compare memoised derivations with ones from scratch). */
export const forgetClosedEpisodes = (): void => closedEpisodes.clear();
