import { readModels, type HospitalEvent, type LocalDate, type Location } from '@homefirst/schemas';
import type { EpisodeEnding, FactsInProgress, ReadinessEpisode, Spell } from './facts';
import { getOrAdd } from './fold-state';
import type { EntryOfType } from './journal';

const { localDateOf, startOfLocalDay } = readModels;

/** The hospital stream's evolve: spells, their locations and readiness episodes. */

export type HospitalEntry = EntryOfType<HospitalEvent['type']>;

/** When the spell ended (discharge or death), null while the patient is in hospital. */
export const spellEnd = (spell: Spell): number | null =>
  spell.status === 'DISCHARGED' ? spell.dischargedAt : spell.status === 'DIED' ? spell.diedAt : null;

const spellOf = (facts: FactsInProgress, spellId: string, trustCode: string, at: number): Spell =>
  getOrAdd(facts.spells, spellId, () => ({
    spellId,
    trustCode,
    admittedAt: null,
    firstSeenAt: at,
    patientClass: null,
    ageBand: null,
    usualResidence: null,
    admissionMethodCode: null,
    locations: [],
    status: 'IN_HOSPITAL',
    dischargedAt: null,
    destination: null,
    actualPathway: null,
    diedAt: null,
    onLeave: false,
    expectedDischargeDate: null,
    episodes: [],
  }));

const sameLocation = (a: Location, b: Location): boolean =>
  a.site === b.site && a.ward === b.ward && a.room === b.room && a.bed === b.bed;

/** A location from `at` on; a move to where the patient already is changes nothing (valueAt gives the same). */
const moveTo = (spell: Spell, at: number, location: Location): void => {
  const last = spell.locations.at(-1)?.value;
  if (last === undefined || !sameLocation(last, location)) spell.locations.push({ at, value: location });
};

const openEpisode = (spell: Spell): ReadinessEpisode | undefined =>
  spell.episodes.find((episode) => episode.endedAt === null);

const endOpenEpisode = (spell: Spell, at: number, ending: EpisodeEnding): void => {
  const open = openEpisode(spell);
  if (open !== undefined) {
    open.endedAt = Math.max(at, open.readyAt);
    open.ending = ending;
  }
};

/** When the spell's latest withdrawn episode ended (the patient met the criteria again), 0 when none. */
const lastWithdrawal = (spell: Spell): number =>
  spell.episodes.reduce(
    (latest, episode) => (episode.ending === 'WITHDRAWN' ? Math.max(latest, episode.endedAt ?? 0) : latest),
    0,
  );

/**
 * The start of the final period of not meeting the criteria to reside that a declaration gives: its clock
 * and DRD, or, when the trust re-sent a date from before the patient last met the criteria again (a PAS
 * keeps the first DRD on its A08s), the withdrawal's time and London date. The DRD is the start of the
 * *final* NCTR period (NHS England, "Discharge ready date: guidance, examples and FAQs": if the patient
 * meets the criteria again the DRD moves); the hub cannot know when after the withdrawal the patient
 * stopped meeting them again, so it takes the earliest possible instant, as the 48-hour clock does.
 */
export function finalPeriodStart(
  readyAt: number,
  dischargeReadyDate: LocalDate,
  withdrawnAt: number,
): { readonly readyAt: number; readonly dischargeReadyDate: LocalDate } {
  if (readyAt >= withdrawnAt) return { readyAt, dischargeReadyDate };
  const withdrawnOn = localDateOf(withdrawnAt);
  return {
    readyAt: withdrawnAt,
    dischargeReadyDate: dischargeReadyDate > withdrawnOn ? dischargeReadyDate : withdrawnOn,
  };
}

/** A declaration opens an episode, corrects the open one, or (after the patient left) records one closed by that end. */
function declareReady(spell: Spell, entry: EntryOfType<'DischargeReadyDeclared'>): void {
  const { at, p } = entry;
  if (spell.status === 'CANCELLED') return;
  // After a withdrawal the DRD restarts: neither the clock nor the DRD can start before the patient last met
  // the criteria again, whichever episode the declaration opens or corrects.
  const { readyAt, dischargeReadyDate } = finalPeriodStart(
    p.dischargeReadyAt ?? startOfLocalDay(p.dischargeReadyDate),
    p.dischargeReadyDate,
    lastWithdrawal(spell),
  );
  const delay = p.delay !== null && p.delay.reason !== 'UNKNOWN' ? [{ at, value: p.delay }] : [];
  const update = (episode: ReadinessEpisode): void => {
    const last = episode.pathways.at(-1);
    if (last?.value !== p.proposedPathway) episode.pathways.push({ at, value: p.proposedPathway });
    const lastDelay = episode.delays.at(-1)?.value;
    for (const item of delay) {
      // A repeated reason (the PAS re-sends it on every A08) is no change: valueAt gives the same answers.
      if (lastDelay?.reason !== item.value.reason || lastDelay.attribution !== item.value.attribution)
        episode.delays.push(item);
    }
  };
  const end = spellEnd(spell);
  if (end !== null) {
    // Declared after the patient left: a retrospective episode, closed by that discharge or death.
    if (readyAt > end) return;
    const closedByEnd = spell.episodes.find((episode) => episode.endedAt === end);
    if (closedByEnd !== undefined) {
      update(closedByEnd);
      return;
    }
    spell.episodes.push({
      spellId: spell.spellId,
      readyAt,
      dischargeReadyDate,
      declaredAt: at,
      pathways: [{ at, value: p.proposedPathway }],
      delays: delay,
      endedAt: end,
      ending: spell.status === 'DIED' ? 'DIED' : 'DISCHARGED',
    });
    return;
  }
  const open = openEpisode(spell);
  if (open !== undefined) {
    // A re-declaration while ready: a corrected DRD, a new pathway or a delay reason.
    open.readyAt = readyAt;
    open.dischargeReadyDate = dischargeReadyDate;
    update(open);
    return;
  }
  spell.episodes.push({
    spellId: spell.spellId,
    readyAt,
    dischargeReadyDate,
    declaredAt: at,
    pathways: [{ at, value: p.proposedPathway }],
    delays: delay,
    endedAt: null,
    ending: null,
  });
}

function discharge(facts: FactsInProgress, spell: Spell, entry: EntryOfType<'PatientDischarged'>): void {
  const { at, p } = entry;
  if (spell.status === 'CANCELLED') return;
  const died = p.destination === 'DD79_DIED';
  if (spell.status === 'DISCHARGED' && spell.dischargedAt !== null) {
    // A second discharge message for the same spell corrects the first.
    for (const episode of spell.episodes) if (episode.endedAt === spell.dischargedAt) episode.endedAt = at;
  } else {
    endOpenEpisode(spell, at, died ? 'DIED' : 'DISCHARGED');
  }
  spell.status = 'DISCHARGED';
  spell.dischargedAt = at;
  spell.destination = p.destination;
  spell.actualPathway = p.actualPathway;
  spell.onLeave = false;
  if (died) facts.diedAt ??= at;
}

function cancelDischarge(spell: Spell): void {
  if (spell.status !== 'DISCHARGED') return;
  for (const episode of spell.episodes) {
    if (episode.endedAt === spell.dischargedAt && episode.ending !== 'WITHDRAWN') {
      episode.endedAt = null;
      episode.ending = null;
    }
  }
  spell.status = 'IN_HOSPITAL';
  spell.dischargedAt = null;
  spell.destination = null;
  spell.actualPathway = null;
}

/** Death ends the named spell (or the latest one in hospital) and its open episode. */
function die(facts: FactsInProgress, entry: EntryOfType<'PatientDied'>): void {
  const { at, p } = entry;
  facts.diedAt ??= at;
  const spell =
    p.spellId !== null
      ? spellOf(facts, p.spellId, entry.org, at)
      : [...facts.spells.values()].reverse().find((candidate) => candidate.status === 'IN_HOSPITAL');
  if (spell === undefined || spell.status === 'CANCELLED' || spell.status === 'DISCHARGED') return;
  endOpenEpisode(spell, at, 'DIED');
  spell.status = 'DIED';
  spell.diedAt = at;
}

/** Applies one hospital entry to the facts being folded. */
export function evolveHospital(facts: FactsInProgress, entry: HospitalEntry): void {
  const { at } = entry;
  switch (entry.type) {
    case 'PatientAdmitted': {
      const spell = spellOf(facts, entry.p.spellId, entry.org, at);
      spell.admittedAt ??= at;
      spell.patientClass = entry.p.patientClass;
      // A re-sent admission without the v3 facts keeps what an earlier one gave.
      spell.ageBand = entry.p.ageBandAtAdmission ?? spell.ageBand;
      spell.usualResidence = entry.p.usualPlaceOfResidence ?? spell.usualResidence;
      spell.admissionMethodCode = entry.p.admissionMethodCode ?? spell.admissionMethodCode;
      moveTo(spell, at, entry.p.location);
      break;
    }
    case 'PatientTransferred':
      moveTo(spellOf(facts, entry.p.spellId, entry.org, at), at, entry.p.to);
      break;
    case 'ExpectedDischargeDateSet':
      spellOf(facts, entry.p.spellId, entry.org, at).expectedDischargeDate = entry.p.expectedDischargeDate;
      break;
    case 'DischargeReadyDeclared':
      declareReady(spellOf(facts, entry.p.spellId, entry.org, at), entry);
      break;
    case 'DischargeReadinessWithdrawn':
      endOpenEpisode(spellOf(facts, entry.p.spellId, entry.org, at), at, 'WITHDRAWN');
      break;
    case 'PatientDischarged':
      discharge(facts, spellOf(facts, entry.p.spellId, entry.org, at), entry);
      break;
    case 'DischargeCancelled':
      cancelDischarge(spellOf(facts, entry.p.spellId, entry.org, at));
      break;
    case 'AdmissionCancelled':
      spellOf(facts, entry.p.spellId, entry.org, at).status = 'CANCELLED';
      break;
    case 'LeaveOfAbsenceStarted':
      spellOf(facts, entry.p.spellId, entry.org, at).onLeave = true;
      break;
    case 'LeaveOfAbsenceEnded':
      spellOf(facts, entry.p.spellId, entry.org, at).onLeave = false;
      break;
    case 'PatientDied':
      die(facts, entry);
      break;
    case 'PatientsMerged':
      break;
    default:
      entry satisfies never;
  }
}
