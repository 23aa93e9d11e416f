import { councilEvent, hospitalEvent, LIVERPOOL } from '../testing/events';
import type { SourceEvent } from './feed-event';
import { forgetDropped, keepsEvent } from './kept';
import { route } from './route';
import { EMPTY_ROUTING, KEPT_STAYS, type PersonRouting } from './state';

/**
 * Routes events one by one as the router does, keeping payload ids as it does (keepsEvent, forgetDropped),
 * and checks after every event that what is kept is exactly what the state refers to.
 */
const keptAlong = (events: readonly SourceEvent[]): { kept: Set<string>; state: PersonRouting } => {
  const kept = new Set<string>();
  let state = EMPTY_ROUTING;
  events.forEach((event, i) => {
    const before = state;
    state = route(before, event, String(i)).state;
    if (state !== before && keepsEvent(state, event.eventId)) kept.add(event.eventId);
    const forget: string[] = [];
    forgetDropped(before, state, forget);
    for (const id of forget) kept.delete(id);
    const referred = state.stays.flatMap((stay) => stay.events.map((e) => e.sourceEventId));
    expect([...kept].sort()).toEqual([...referred].sort());
  });
  return { kept, state };
};

describe('which payloads the router keeps in memory', () => {
  it('keeps the hospital events of the stays the state holds, not council events nor repeats', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const ready = hospitalEvent('DischargeReadyDeclared', 2);
    const repeat = hospitalEvent('DischargeReadyDeclared', 3, { eventId: 'repeat' });
    const referral = councilEvent('ReferralReceived', 4, LIVERPOOL);
    const { kept } = keptAlong([admitted, ready, { ...repeat, payload: ready.payload }, referral]);
    expect([...kept].sort()).toEqual([admitted.eventId, ready.eventId].sort());
  });

  it('forgets the events of a stay the state drops for a newer one', () => {
    const stays = Array.from({ length: KEPT_STAYS + 1 }, (_, n) => [
      hospitalEvent('PatientAdmitted', 100 * n, { spellId: `S${n}` }),
      hospitalEvent('PatientDischarged', 100 * n + 10, { spellId: `S${n}` }),
    ]);
    const { kept, state } = keptAlong(stays.flat());
    expect(state.stays.map((s) => s.spellId)).toEqual(['S1', 'S2', 'S3']);
    for (const event of stays[0]!) expect(kept.has(event.eventId)).toBe(false);
    expect(kept.size).toBe(2 * KEPT_STAYS);
  });

  it('does not keep an event twice, nor forget it, when it comes again', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const { kept } = keptAlong([admitted, admitted]);
    expect([...kept]).toEqual([admitted.eventId]);
  });
});
