import {
  delayAttributionOf,
  type DelayAttribution,
  type DelayReason,
  type Pathway,
  type ServiceType,
  readModels,
} from '@homefirst/schemas';
import type { ReadinessEpisode, Referral, Spell } from '../person/facts';
import { spellEnd } from '../person/facts';

const { DAY_MS } = readModels;

/** Why a ready person is still in hospital: see the read-model contract (schemas' readModels.QueueReason). */
export type QueueReason = readModels.QueueReason;

export interface DelayExplanation {
  readonly reason: QueueReason;
  /** The sitrep (Table 5) reason this counts under. */
  readonly sitrepReason: DelayReason;
  readonly source: 'TRUST' | 'DERIVED';
  readonly attribution: DelayAttribution;
}

/** Sitrep Table 5 order (the read-model contract's). */
export const SITREP_REASONS = readModels.SITREP_REASONS;

const waitOfPathway = (pathway: Pathway): DelayReason => {
  switch (pathway) {
    case 'P1':
      return 'AWAITING_P1_CARE_AT_HOME';
    case 'P2':
      return 'AWAITING_P2_BED';
    case 'P3':
      return 'AWAITING_P3_CARE_HOME_BED';
    case 'P0':
    case 'UNKNOWN':
      return 'AWAITING_TRANSFER_HUB_CONFIRMATION';
  }
};

const waitOfService = (service: ServiceType, pathway: Pathway): DelayReason => {
  switch (service) {
    case 'HOME_CARE':
    case 'REABLEMENT_AT_HOME':
      return 'AWAITING_P1_CARE_AT_HOME';
    case 'REABLEMENT_BED':
      return 'AWAITING_P2_BED';
    case 'RESIDENTIAL_CARE':
    case 'NURSING_CARE':
      return 'AWAITING_P3_CARE_HOME_BED';
    case 'EQUIPMENT_OR_ADAPTATIONS':
      return 'AWAITING_EQUIPMENT_OR_ADAPTATIONS';
    case 'OTHER':
    case 'UNKNOWN':
      return waitOfPathway(pathway);
  }
};

/** The sitrep reason a queue reason counts under. */
export const sitrepReasonOf = (reason: QueueReason, pathway: Pathway): DelayReason =>
  reason === 'AWAITING_ASSESSMENT' || reason === 'AWAITING_PACKAGE_START' ? waitOfPathway(pathway) : reason;

const derived = (reason: QueueReason, pathway: Pathway, attribution?: DelayAttribution): DelayExplanation => {
  const sitrepReason = sitrepReasonOf(reason, pathway);
  return {
    reason,
    sitrepReason,
    source: 'DERIVED',
    attribution: attribution ?? delayAttributionOf(sitrepReason),
  };
};

/** Referrals are linked to a stay when received from a week before admission to the end of the stay. */
export const REFERRAL_LOOKBACK_MS = 7 * DAY_MS;

/** The council referrals that belong to a hospital stay, oldest first. */
export const referralsOfSpell = (spell: Spell, referrals: readonly Referral[]): Referral[] => {
  const from = (spell.admittedAt ?? spell.firstSeenAt) - REFERRAL_LOOKBACK_MS;
  const to = spellEnd(spell) ?? Number.POSITIVE_INFINITY;
  return referrals
    .filter((referral) => referral.receivedAt >= from && referral.receivedAt <= to)
    .sort((a, b) => a.receivedAt - b.receivedAt);
};

/**
 * The latest value of a history (in time order, as the fold builds them) at `t`; the first one when `t`
 * precedes them all (a back-dated DRD).
 */
export const valueAt = <T>(
  history: readonly { readonly at: number; readonly value: T }[],
  t: number,
): T | undefined => {
  const after = firstAfter(history, t);
  return (history[after === 0 ? 0 : after - 1] ?? history[0])?.value;
};

/** Index of the first item of a history (in time order) later than `t`: binary search. */
export const firstAfter = (history: readonly { readonly at: number }[], t: number): number => {
  let low = 0;
  let high = history.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((history[middle]?.at ?? Number.POSITIVE_INFINITY) <= t) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** The referral in force at `t`: the latest received by then and not cancelled by then. */
export const referralAt = (linked: readonly Referral[], t: number): Referral | undefined =>
  linked.filter((r) => r.receivedAt <= t && (r.cancelledAt === null || r.cancelledAt > t)).at(-1);

/** The episode's proposed pathway at `t`, falling back to the referral's when the trust has none. */
export const pathwayAt = (episode: ReadinessEpisode, referral: Referral | undefined, t: number): Pathway => {
  const proposed = valueAt(episode.pathways, t) ?? 'UNKNOWN';
  return proposed === 'UNKNOWN' && referral !== undefined ? referral.pathway : proposed;
};

/** Why the person of this episode waits, as known at `t` (Infinity: as known now). */
export function delayAt(episode: ReadinessEpisode, linked: readonly Referral[], t: number): DelayExplanation {
  const referral = referralAt(linked, t);
  const pathway = pathwayAt(episode, referral, t);
  const explicit = valueAt(episode.delays, t);
  if (explicit !== undefined) {
    return {
      reason: explicit.reason,
      sitrepReason: explicit.reason,
      source: 'TRUST',
      attribution:
        explicit.attribution === 'UNKNOWN' ? delayAttributionOf(explicit.reason) : explicit.attribution,
    };
  }
  if (referral === undefined) {
    if (pathway === 'P0') return derived('UNKNOWN', pathway, 'NHS'); // the ward arranges P0 itself
    return derived(pathway === 'UNKNOWN' ? 'NO_PLAN' : 'AWAITING_REFERRAL_TO_TRANSFER_HUB', pathway);
  }
  const packages = referral.packages.filter((p) => (p.requestedAt ?? Number.POSITIVE_INFINITY) <= t);
  const started =
    packages.some((p) => p.startedAt !== null && p.startedAt <= t) ||
    referral.reablements.some((r) => r.startedAt !== null && r.startedAt <= t);
  if (started) return derived('AWAITING_TRANSFER_HUB_CONFIRMATION', pathway); // care is in place
  if (packages.some((p) => p.sourcedAt !== null && p.sourcedAt <= t))
    return derived('AWAITING_PACKAGE_START', pathway, 'SOCIAL_CARE');
  const requested = packages.at(-1);
  // The council's part of the wait — assessment, brokerage of what it requested, a sourced provider's start —
  // is social care's at every step (docs/delay-attribution.md): the service awaited names the reason, and does
  // not flip the attribution to the reason table's BOTH (P1 care at home, P2 beds, equipment) mid-brokerage.
  if (requested !== undefined)
    return derived(waitOfService(requested.serviceType, pathway), pathway, 'SOCIAL_CARE');
  if (referral.assessedAt !== null && referral.assessedAt <= t) {
    return referral.servicesRequired === false
      ? derived('NO_PLAN', pathway)
      : derived(waitOfPathway(pathway), pathway, 'SOCIAL_CARE');
  }
  return derived('AWAITING_ASSESSMENT', pathway, 'SOCIAL_CARE');
}

/** When a provider was first sourced (or care started) for the stay; null while none is. */
export const providerSourcedAt = (linked: readonly Referral[]): number | null => {
  const times = linked
    .filter((r) => r.cancelledAt === null)
    .flatMap((r) => [
      ...r.packages.flatMap((p) => [p.sourcedAt, p.startedAt]),
      ...r.reablements.map((period) => period.startedAt),
    ])
    .filter((time): time is number => time !== null);
  return times.length === 0 ? null : Math.min(...times);
};
