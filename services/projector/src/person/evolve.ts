import { compareEntries, toJournalEntry, type JournalEntry, type ProjectedEvent } from './journal';
import { JournalMemo, MEMO_FROM_LENGTH, carryMemos } from './journal-memo';

/**
 * Everything the projector knows about one person: their events from both streams, deduplicated by
 * eventId and kept in event-time order — all of them: nothing is ever dropped, however long the history
 * (the cost of a new event stays flat through memos, see journal-memo.ts and foldFacts). Every read model
 * is derived from this by pure functions, so the same events give the same read models whatever order
 * and however often they arrived.
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

/**
 * Of two copies of one event (the same eventId), whether `candidate` replaces `kept`: the later recorded
 * one wins (a re-mapped, corrected event is republished under its deterministic eventId with a later
 * recordedAt); of two recorded at the same instant with different content, the one whose JSON sorts last.
 * Identical copies (resends) change nothing. A total order on the copies, so the journal keeps the same
 * copy whatever order they arrived in.
 */
export const supersedes = (candidate: JournalEntry, kept: JournalEntry): boolean => {
  if (candidate.rec !== kept.rec) return candidate.rec > kept.rec;
  if (candidate === kept) return false;
  return JSON.stringify(candidate) > JSON.stringify(kept);
};

/** Index of the first entry that sorts after `entry` (binary search). */
const insertionIndex = (journal: readonly JournalEntry[], entry: JournalEntry): number => {
  let low = 0;
  let high = journal.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEntries(journal[middle] as JournalEntry, entry) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
};

/**
 * eventId → an entry of that id in this journal or in an earlier or sibling version of it (a hint,
 * shared along the versions and only ever added to): an id missing here is in none of them; a hit is
 * checked against the journal itself.
 */
const idHints = new JournalMemo<Map<string, JournalEntry>>((hints, edit) => {
  hints.set(edit.entry.id, edit.entry);
  return hints;
});

/** The index of the entry with this eventId, or -1. */
const indexOfId = (journal: readonly JournalEntry[], id: string): number => {
  if (journal.length < MEMO_FROM_LENGTH) return journal.findIndex((candidate) => candidate.id === id);
  let hints = idHints.get(journal);
  if (hints === undefined) {
    hints = new Map(journal.map((entry) => [entry.id, entry]));
    idHints.set(journal, hints);
  }
  const hint = hints.get(id);
  if (hint === undefined) return -1;
  const at = insertionIndex(journal, hint) - 1;
  if (journal[at] === hint) return at;
  return journal.findIndex((candidate) => candidate.id === id);
};

/**
 * Inserts an entry in order; the same journal back when it changes nothing (a resend, or an older copy
 * of an event whose later copy is kept). A later copy of a kept event replaces it (`supersedes`).
 */
export const insertEntry = (
  journal: readonly JournalEntry[],
  entry: JournalEntry,
): readonly JournalEntry[] => {
  const existing = indexOfId(journal, entry.id);
  if (existing !== -1 && !supersedes(entry, journal[existing] as JournalEntry)) return journal;
  const next = journal.slice();
  if (existing !== -1) next.splice(existing, 1);
  const inserted = insertionIndex(next, entry);
  next.splice(inserted, 0, entry);
  carryMemos(journal, next, { removed: existing === -1 ? null : existing, inserted, entry });
  return next;
};

/**
 * evolve(person, event) → person: pure. Adds the event to the person's journal (a resend changes nothing
 * and returns the same object; a later-recorded copy supersedes the kept one) and keeps the NHS number of the person's latest event.
 * Merges across persons are `projectEvents`' business (they touch two records).
 */
export function evolve(person: PersonRecord, event: ProjectedEvent): PersonRecord {
  const entry = toJournalEntry(event);
  const journal = insertEntry(person.journal, entry);
  if (journal === person.journal) return person;
  const ownEvent = event.personKey === person.personKey;
  // `>=` on the id: a later copy of the very event the number came from (a correction) brings its number.
  const newer =
    person.nhsFrom === null ||
    entry.at > person.nhsFrom[0] ||
    (entry.at === person.nhsFrom[0] && entry.id >= person.nhsFrom[1]);
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
