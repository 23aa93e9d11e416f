/**
 * Pull mode's checkpoint: how far the hub has read a trust's Encounters by `meta.lastUpdated`. Pure.
 *
 * Searches ask `_lastUpdated=ge<checkpoint>` — not `gt`: several Encounters can share one instant, and one
 * committed at that instant after the previous search would be skipped by `gt`. The versions already read
 * at exactly that instant are kept with the checkpoint, so `ge` does not read them twice.
 */
export interface Checkpoint {
  /** meta.lastUpdated as the server wrote it; null before the first read. */
  readonly lastUpdated: string | null;
  /** `Encounter/<id>/_history/<version>` of the versions read at exactly `lastUpdated`. */
  readonly versionsAtLastUpdated: readonly string[];
}

export const START: Checkpoint = { lastUpdated: null, versionsAtLastUpdated: [] };

export interface ReadVersion {
  readonly versionKey: string;
  readonly lastUpdated: string;
}

const time = (instant: string): number => Date.parse(instant);

/** Whether this version was read before the checkpoint was taken. */
export const alreadyRead = (checkpoint: Checkpoint, version: ReadVersion): boolean =>
  checkpoint.lastUpdated !== null &&
  time(version.lastUpdated) === time(checkpoint.lastUpdated) &&
  checkpoint.versionsAtLastUpdated.includes(version.versionKey);

/**
 * The checkpoint after a poll that read (and durably published) `read`. It never moves past `notAfter`
 * (the server's search time minus an overlap): Encounters committed during a search may be missing from
 * its pages, so the newest minute is read again next time (the dedupe of resends keeps that harmless).
 * It never moves backwards.
 */
export function advance(
  checkpoint: Checkpoint,
  read: readonly ReadVersion[],
  notAfter: Date | null,
): Checkpoint {
  let latest = checkpoint.lastUpdated;
  for (const version of read)
    if (latest === null || time(version.lastUpdated) > time(latest)) latest = version.lastUpdated;
  if (latest === null) return checkpoint;
  if (notAfter !== null && time(latest) > notAfter.getTime()) {
    if (checkpoint.lastUpdated !== null && time(checkpoint.lastUpdated) >= notAfter.getTime())
      return checkpoint;
    return { lastUpdated: notAfter.toISOString(), versionsAtLastUpdated: [] };
  }
  const atLatest = read.filter((v) => time(v.lastUpdated) === time(latest)).map((v) => v.versionKey);
  const carried =
    checkpoint.lastUpdated !== null && time(checkpoint.lastUpdated) === time(latest)
      ? checkpoint.versionsAtLastUpdated
      : [];
  return { lastUpdated: latest, versionsAtLastUpdated: [...new Set([...carried, ...atLatest])] };
}
