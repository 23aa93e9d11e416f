import { compareEntries, toJournalEntry, type JournalEntry, type ProjectedEvent } from './journal';

/** Entries kept per person; beyond it the oldest (by event time) are dropped. */
export const MAX_JOURNAL_ENTRIES = 500;

/**
 * Everything the projector knows about one person: their events from both streams, deduplicated by
 * eventId and kept in event-time order. Every read model is derived from this by pure functions, so
 * the same events give the same read models whatever order and however often they arrived.
 */
export interface PersonRecord {
  readonly personKey: string;
  /** The NHS number of the latest event sent under this personKey (not of a merged record's events). */
  readonly nhsNumber: string | null;
  /** Sort key of the event the NHS number came from, so "latest" does not depend on arrival order. */
  readonly nhsFrom: readonly [at: number, id: string] | null;
  readonly journal: readonly JournalEntry[];
  /** Set once this record was merged into another (PatientsMerged): its events go there from then on. */
  readonly retiredInto: string | null;
  /** personKeys merged into this record. */
  readonly absorbed: readonly string[];
}

export const emptyPerson = (personKey: string): PersonRecord => ({
  personKey,
  nhsNumber: null,
  nhsFrom: null,
  journal: [],
  retiredInto: null,
  absorbed: [],
});

/** Inserts an entry in order; the same record back when it was already there (a duplicate). */
export const insertEntry = (
  journal: readonly JournalEntry[],
  entry: JournalEntry,
): readonly JournalEntry[] => {
  const existing = journal.findIndex((candidate) => candidate.id === entry.id);
  if (existing !== -1) {
    // Resends carry the same eventId and content; keep the first-recorded copy whatever arrived first.
    const kept = journal[existing];
    if (kept === undefined || compareEntries(entry, kept) >= 0) return journal;
    const without = journal.filter((_, index) => index !== existing);
    return insertEntry(without, entry);
  }
  if (journal.length >= MAX_JOURNAL_ENTRIES) {
    const oldest = journal[0];
    if (oldest !== undefined && compareEntries(entry, oldest) < 0) return journal;
  }
  let index = journal.length;
  while (index > 0) {
    const before = journal[index - 1];
    if (before === undefined || compareEntries(before, entry) <= 0) break;
    index -= 1;
  }
  const next = [...journal.slice(0, index), entry, ...journal.slice(index)];
  return next.length > MAX_JOURNAL_ENTRIES ? next.slice(next.length - MAX_JOURNAL_ENTRIES) : next;
};

/**
 * evolve(person, event) → person: pure. Adds the event to the person's journal (a duplicate eventId
 * changes nothing and returns the same object) and keeps the NHS number of the person's latest event.
 * Merges across persons are `projectEvents`' business (they touch two records).
 */
export function evolve(person: PersonRecord, event: ProjectedEvent): PersonRecord {
  const entry = toJournalEntry(event);
  const journal = insertEntry(person.journal, entry);
  if (journal === person.journal) return person;
  const ownEvent = event.personKey === person.personKey;
  const newer =
    person.nhsFrom === null ||
    entry.at > person.nhsFrom[0] ||
    (entry.at === person.nhsFrom[0] && entry.id > person.nhsFrom[1]);
  return {
    ...person,
    journal,
    ...(ownEvent && newer && { nhsNumber: event.payload.nhsNumber, nhsFrom: [entry.at, entry.id] as const }),
  };
}

/** Follows merges: the record an event for `personKey` belongs to now (cycles and long chains stop). */
export const survivorOf = (personKey: string, lookup: (key: string) => PersonRecord | undefined): string => {
  let current = personKey;
  for (let hops = 0; hops < 16; hops += 1) {
    const next = lookup(current)?.retiredInto;
    if (next === undefined || next === null || next === personKey) return current;
    current = next;
  }
  return current;
};

/**
 * Applies events to a set of person records, in the given order, and returns the records that changed.
 * `persons` must hold (or lack, for new people) every record the events touch: their personKeys, the
 * retired keys of PatientsMerged events, and the survivors those records were merged into.
 *
 * PatientsMerged (retiredPersonKey set, a different person): the survivor absorbs the retired record's
 * journal and the retired record points at the survivor; later events of the retired key are redirected
 * to the survivor. Either order of arrival gives the survivor the same journal.
 */
export function projectEvents(
  persons: ReadonlyMap<string, PersonRecord>,
  events: Iterable<ProjectedEvent>,
): Map<string, PersonRecord> {
  const changed = new Map<string, PersonRecord>();
  const lookup = (key: string): PersonRecord | undefined => changed.get(key) ?? persons.get(key);
  for (const event of events) {
    const key = survivorOf(event.personKey, lookup);
    const before = lookup(key) ?? emptyPerson(key);
    let after = evolve(before, event);
    if (event.type === 'PatientsMerged' && event.payload.retiredPersonKey !== null) {
      const retiredKey = survivorOf(event.payload.retiredPersonKey, lookup);
      if (retiredKey !== key) {
        const retired = lookup(retiredKey) ?? emptyPerson(retiredKey);
        let journal = after.journal;
        for (const entry of retired.journal) journal = insertEntry(journal, entry);
        after = {
          ...after,
          journal,
          absorbed: [...new Set([...after.absorbed, retiredKey, ...retired.absorbed])].sort(),
        };
        changed.set(retiredKey, { ...retired, journal: [], retiredInto: key });
      }
    }
    if (after !== before) changed.set(key, after);
  }
  return changed;
}
