import type { readModels } from '@homefirst/schemas';
import type { Visibility } from './auth/principal';
import type { TrackerQuery } from './reader';
import type { Episode } from './views';

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

/** The episodes not ended by `now` (the people still waiting). */
export const stillOpen = (episodes: readonly TrackerEpisode[], now: Date): readonly TrackerEpisode[] =>
  episodes.filter((e) => e.endedAt === null || Date.parse(e.endedAt) > now.getTime());

/** The pure view's filters of a tracker query. */
export function trackerFilters(query: TrackerQuery): readModels.TrackerFilters {
  return {
    ...(query.statuses && { statuses: query.statuses }),
    ...(query.site !== undefined && { site: query.site }),
    ...(query.pathway !== undefined && { pathway: query.pathway as readModels.QueueEntry['pathway'] }),
  };
}

/** An episode as the API shows it, field by field (a spread adding keys is V8's slow path). */
export function episodeOf(
  item: readModels.TrackerItem,
  nhsByPerson: ReadonlyMap<string, string | null>,
  visibility: Visibility,
): Episode {
  return {
    personKey: item.personKey,
    nhsNumber: visibility.pseudonymised ? null : (nhsByPerson.get(item.personKey) ?? null),
    episodeId: item.episodeId,
    trust: item.trust,
    site: item.site,
    pathway: item.pathway,
    readyAt: item.readyAt,
    deadline: item.deadline,
    status: item.status,
    hoursLeft: item.hoursLeft,
    endedAt: item.endedAt,
    ending: item.ending,
    providerSourced: item.providerSourced,
  } satisfies Required<Episode>;
}
