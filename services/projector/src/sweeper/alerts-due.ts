import { readModels, derivedEventId, type AlertEvent } from '@homefirst/schemas';

const { HOUR_MS, trackerStatus } = readModels;
type TrackerEpisode = readModels.TrackerEpisode;
type ViewConfig = readModels.ViewConfig;

/** The deterministic eventId of an episode's alert: the same whoever raises it, however often. */
export const alertEventId = (
  type: AlertEvent['type'],
  episode: Pick<TrackerEpisode, 'personKey' | 'spellId' | 'readyAt'>,
): string => derivedEventId(type, episode.personKey, episode.spellId, episode.readyAt);

/**
 * The 48-hour alerts due at `now` for open episodes: DischargeDeadlineBreached past the deadline,
 * DischargeDeadlineAtRisk inside the at-risk window with no provider sourced. An episode already past its
 * deadline gets only the breach (an at-risk warning after the fact helps nobody). Pure.
 */
export function alertsDue(
  episodes: Iterable<TrackerEpisode>,
  now: Date,
  config: Pick<ViewConfig, 'atRiskHours'>,
): AlertEvent[] {
  const alerts: AlertEvent[] = [];
  for (const episode of episodes) {
    if (episode.endedAt !== null && Date.parse(episode.endedAt) <= now.getTime()) continue;
    const status = trackerStatus(episode, now, config);
    if (status !== 'breached' && status !== 'at_risk') continue;
    const type = status === 'breached' ? 'DischargeDeadlineBreached' : 'DischargeDeadlineAtRisk';
    const readyAt = new Date(episode.readyAt);
    const deadlineAt = new Date(episode.deadline);
    const eventId = alertEventId(type, episode);
    const envelope = {
      eventId,
      // A breach happened at the deadline; an at-risk turned at the start of the window.
      occurredAt:
        type === 'DischargeDeadlineBreached'
          ? deadlineAt
          : new Date(Math.max(readyAt.getTime(), deadlineAt.getTime() - config.atRiskHours * HOUR_MS)),
      recordedAt: now,
      source: { channel: 'HUB', system: 'homefirst-projector', orgCode: episode.trust, messageId: null },
      personKey: episode.personKey,
      correlationId: eventId,
    } as const;
    const payload = {
      spellId: episode.spellId,
      orgCode: episode.trust,
      readyAt,
      deadlineAt,
      pathway: episode.pathway,
      location: episode.location,
      delay: episode.delay,
    };
    alerts.push(
      type === 'DischargeDeadlineBreached' ? { ...envelope, type, payload } : { ...envelope, type, payload },
    );
  }
  return alerts;
}
