import type { PersonRouting } from './state';

/**
 * Which minimised payloads the router keeps in memory: those of the events its states refer to (a later
 * referral may still send them), for as long as the state keeps their stay.
 */

/** Whether routing `eventId` added it to one of the person's stays (always as that stay's last event). */
export const keepsEvent = (state: PersonRouting, eventId: string): boolean =>
  state.stays.some((stay) => stay.events.at(-1)?.sourceEventId === eventId);

/** Adds to `forget` the events of every stay `before` had and `after` no longer has. */
export const forgetDropped = (before: PersonRouting, after: PersonRouting, forget: string[]): void => {
  if (before.stays === after.stays) return;
  for (const stay of before.stays)
    if (!after.stays.some((kept) => kept.spellId === stay.spellId))
      for (const event of stay.events) forget.push(event.sourceEventId);
};
