import type { JournalEntry } from './journal';

/**
 * Memos of values computed from a journal (the fold's checkpoint, the journey's lines), so that the next
 * version of a journal — one entry inserted, perhaps one superseded copy removed — reuses the work done
 * for the previous one instead of starting again from its first entry. A memo is a cache, never a source
 * of truth: a journal without one (e.g. just read back from Redis) is computed from scratch, with the
 * same result. Values are kept per journal array (`WeakMap`), so they go with the journal.
 */

/** How one journal version follows from the previous one. */
export interface JournalEdit {
  /** Index in the previous version of the entry removed (a superseded copy), or null. */
  readonly removed: number | null;
  /** Index in the new version of the entry inserted. */
  readonly inserted: number;
  readonly entry: JournalEntry;
}

interface Carrier {
  carry(from: readonly JournalEntry[], to: readonly JournalEntry[], edit: JournalEdit): void;
}

const memos: Carrier[] = [];

export class JournalMemo<T> implements Carrier {
  private readonly values = new WeakMap<readonly JournalEntry[], T>();

  /** `next` answers the value for the edited journal, or undefined when it must be computed afresh. */
  constructor(private readonly next: (value: T, edit: JournalEdit) => T | undefined) {
    memos.push(this);
  }

  get(journal: readonly JournalEntry[]): T | undefined {
    return this.values.get(journal);
  }

  set(journal: readonly JournalEntry[], value: T): void {
    this.values.set(journal, value);
  }

  carry(from: readonly JournalEntry[], to: readonly JournalEntry[], edit: JournalEdit): void {
    const value = this.values.get(from);
    if (value === undefined) return;
    const next = this.next(value, edit);
    if (next !== undefined) this.values.set(to, next);
  }
}

/** Carries every memo of `from` to `to`, the journal `edit` made from it (insertEntry calls this). */
export const carryMemos = (
  from: readonly JournalEntry[],
  to: readonly JournalEntry[],
  edit: JournalEdit,
): void => {
  for (const memo of memos) memo.carry(from, to, edit);
};

/**
 * Journals shorter than this are cheap to compute from scratch, and most people's are: their memos would only
 * cost memory (a projector may keep many records in memory), so only longer journals get them.
 */
export const MEMO_FROM_LENGTH = 32;

/** Whether an edit leaves the first `count` entries as they were. */
export const keepsPrefix = (edit: JournalEdit, count: number): boolean =>
  edit.inserted >= count && (edit.removed === null || edit.removed >= count);
