import { projectAll } from '../offline/project';
import { deriveReadModels } from '../readmodels/derive';
import { forgetClosedEpisodes } from '../readmodels/episode';
import { snapshotOfPersons } from '../readmodels/snapshot';
import { personWithEvents } from '../testing/long-stay';
import { population, seededRandom, shuffled } from '../testing/population';
import { given } from '../testing/spec';
import { emptyPerson, evolve, projectEvents, type PersonRecord } from './evolve';
import { FOLD_TAIL } from './facts';
import { compareEntries, toJournalEntry, type ProjectedEvent } from './journal';

// No silent history loss: a person's journal keeps every event however long the history, and the memos
// that keep one event's cost flat (the fold's checkpoint, the journey's lines) never change a read model.

/** The record of these events computed with no cap and no memo: every entry, sorted, in a fresh array. */
const uncapped = (events: readonly ProjectedEvent[]): PersonRecord => {
  const first = events[0];
  if (first === undefined) throw new Error('no events');
  const byId = new Map(events.map((event) => [event.eventId, toJournalEntry(event)]));
  const last = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()).at(-1) ?? first;
  return {
    ...emptyPerson(first.personKey),
    nhsNumber: last.payload.nhsNumber,
    journal: [...byId.values()].sort(compareEntries),
  };
};

/** From scratch: the same journal in a new array has no memo, and the closed-episode memo is emptied. */
const fromScratch = (record: PersonRecord): string => {
  forgetClosedEpisodes();
  return JSON.stringify(deriveReadModels({ ...record, journal: [...record.journal] }));
};

/** As the live writer runs: every changed record derived after every event (so the memos are used). */
const projectLive = (events: readonly ProjectedEvent[]): string => {
  const persons = new Map<string, PersonRecord>();
  for (const event of events) {
    for (const [key, record] of projectEvents(persons, [event])) {
      persons.set(key, record);
      deriveReadModels(record);
    }
  }
  return JSON.stringify(snapshotOfPersons(persons.values()));
};

/** A copy of an event as `homefirst remap` republishes a correction: same eventId, recorded later. */
const corrected = (event: ProjectedEvent, minutes: number, recordedLater: number): ProjectedEvent => ({
  ...event,
  occurredAt: new Date(event.occurredAt.getTime() + minutes * 60_000),
  recordedAt: new Date(event.recordedAt.getTime() + recordedLater),
});

describe('a 2,000-update stay (no journal cap)', () => {
  // Admission, a council referral, 2,000 in-stay updates (expected dates, transfers, re-declarations,
  // readiness withdrawn and declared again) and the discharge.
  const stay = personWithEvents(2_003, { person: 9100, seed: 3 });
  const NOW = '2025-03-20T12:00:00Z';

  it('given every update in order, then the read models equal those of all the facts computed without a cap', () => {
    forgetClosedEpisodes();
    const { snapshot } = given(stay);
    forgetClosedEpisodes();
    expect(snapshot).toEqual(snapshotOfPersons([uncapped(stay)]));
    expect(snapshot.journeys[0]?.events).toHaveLength(2_003);
    const declaredAgain = stay.filter((event) => event.type === 'DischargeReadinessWithdrawn').length;
    expect(snapshot.episodes).toHaveLength(declaredAgain + 1);
    expect(snapshot.episodes.every((episode) => episode.endedAt !== null)).toBe(true);
    expect(given(stay).at(NOW).tracker.episodes.total).toBe(declaredAgain + 1);
  });

  it('given the admission, a withdrawal and a transfer arriving last (behind the fold checkpoint), then the read models are the same', () => {
    // The admission, the first withdrawal and a transfer mid-stay: each changes what the read models show.
    const late = new Set([
      stay[0]?.eventId,
      stay.find((event) => event.type === 'DischargeReadinessWithdrawn')?.eventId,
      stay.slice(1_000).find((event) => event.type === 'PatientTransferred')?.eventId,
    ]);
    expect(late.size).toBe(3);
    const arrival = [
      ...stay.filter((event) => !late.has(event.eventId)),
      ...stay.filter((event) => late.has(event.eventId)),
    ];
    expect(projectLive(arrival)).toBe(JSON.stringify(projectAll(stay)));
  });

  it('after every event, the memoised derivation equals one from scratch (in order and shuffled)', () => {
    const short = stay.slice(0, 400);
    for (const arrival of [short, shuffled(short, seededRandom(5))]) {
      let record = emptyPerson(stay[0]?.personKey ?? '');
      arrival.forEach((event, index) => {
        record = evolve(record, event);
        if (index % 3 === 0 || index > arrival.length - FOLD_TAIL * 2)
          expect(JSON.stringify(deriveReadModels(record))).toBe(fromScratch(record));
      });
      expect(record.journal).toHaveLength(400);
    }
  });
});

describe('the same eventId twice', () => {
  const stay = personWithEvents(40, { person: 9200, seed: 4 });
  const transfer = stay.find((event) => event.type === 'PatientTransferred');

  it('given an identical resend, then the journal keeps one copy (the same record back)', () => {
    const once = stay.reduce(evolve, emptyPerson(stay[0]?.personKey ?? ''));
    expect(stay.reduce(evolve, once)).toBe(once);
  });

  it('given a corrected copy recorded later, then it supersedes the kept one, whichever arrives first', () => {
    if (transfer === undefined) throw new Error('no transfer');
    const correction = corrected(transfer, 90, 86_400_000);
    const onlyCorrected = projectAll(stay.map((event) => (event === transfer ? correction : event)));
    expect(projectAll([...stay, correction])).toEqual(onlyCorrected);
    expect(projectAll([correction, ...stay])).toEqual(onlyCorrected);
    const journey = onlyCorrected.journeys[0]?.events ?? [];
    expect(journey.filter((line) => line.eventId === transfer.eventId)).toEqual([
      expect.objectContaining({ at: correction.occurredAt.toISOString() }),
    ]);
  });
});

describe('property: long histories, corrections and resends in any arrival order', () => {
  it('gives the read models of the latest copy of every event, byte-identical', () => {
    const events = [
      ...population({ persons: 60, seed: 11, start: new Date('2025-03-01T00:00:00Z'), spreadHours: 240 }),
      ...personWithEvents(700, { person: 9300, seed: 6 }),
      ...personWithEvents(300, { person: 9301, seed: 7, everyMinutes: 7 }),
    ];
    const random = seededRandom(13);
    // One event in ten is re-mapped: a copy under the same eventId, moved up to an hour, recorded a day later.
    const corrections = events
      .filter(() => random() < 0.1)
      .map((event) => corrected(event, Math.floor(random() * 120) - 60, 86_400_000));
    const latest = new Map(corrections.map((event) => [event.eventId, event]));
    const reference = JSON.stringify(projectAll(events.map((event) => latest.get(event.eventId) ?? event)));
    expect(projectLive([...events, ...corrections])).toBe(reference);
    for (let round = 0; round < 3; round += 1) {
      const duplicates = [...events, ...corrections].filter(() => random() < 0.1);
      const arrival = shuffled([...events, ...corrections, ...duplicates], random);
      expect(round === 0 ? projectLive(arrival) : JSON.stringify(projectAll(arrival))).toBe(reference);
    }
  });
});
