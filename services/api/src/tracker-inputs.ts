import type { readModels } from '@homefirst/schemas';
import type { Visibility } from './auth/principal';

type TrackerEpisode = readModels.TrackerEpisode;

/** The tracker's order: soonest deadline first, then by episode id. */
export const byDeadline = (a: TrackerEpisode, b: TrackerEpisode): number =>
  a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.episodeId < b.episodeId ? -1 : 1;

/** What the tracker is computed from: its episodes and their persons' queue entries. */
export interface TrackerInputs {
  readonly episodes: readonly TrackerEpisode[];
  readonly entries: ReadonlyMap<string, readModels.QueueEntry>;
}

/**
 * The episodes the caller may see, with the NHS numbers of their persons where the caller may see them (from
 * the queue entries): a trust its own; a council the episodes of people referred to it.
 */
export function visibleEpisodes(
  { episodes: all, entries }: TrackerInputs,
  visibility: Visibility,
): { episodes: readonly TrackerEpisode[]; nhsByPerson: Map<string, string | null> } {
  let episodes = all;
  if (visibility.trustOrg !== null) episodes = episodes.filter((e) => e.trust === visibility.trustOrg);
  const nhsByPerson = new Map<string, string | null>();
  if (visibility.councilOrg !== null || !visibility.pseudonymised) {
    for (const entry of entries.values())
      if (visibility.councilOrg === null || entry.council === visibility.councilOrg)
        nhsByPerson.set(entry.personKey, entry.nhsNumber);
    if (visibility.councilOrg !== null) episodes = episodes.filter((e) => nhsByPerson.has(e.personKey));
  }
  return { episodes, nhsByPerson };
}
