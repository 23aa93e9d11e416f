import { councilEvent, hospitalEvent, LIVERPOOL } from '../testing/events';
import { city } from '../testing/population';
import { FORGET_AFTER_MS, isForgettable, lastRememberedAt } from './forget';
import type { SourceEvent } from './feed-event';
import { route, routeAll } from './route';
import { EMPTY_ROUTING, type PersonRouting } from './state';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('forgetting a person', () => {
  it('never forgets someone in hospital, and forgets the others FORGET_AFTER_MS after the last thing remembered', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0, { spellId: 'S1' });
    const referred = councilEvent('ReferralReceived', 5, LIVERPOOL);
    const discharged = hospitalEvent('PatientDischarged', 48, { spellId: 'S1' });
    const inHospital = routeAll([admitted, referred]).state;
    expect(lastRememberedAt(inHospital)).toBeNull();
    expect(isForgettable(inHospital, admitted.occurredAt.getTime() + 10 * FORGET_AFTER_MS)).toBe(false);
    const home = routeAll([admitted, referred, discharged]).state;
    const end = discharged.occurredAt.getTime();
    expect(lastRememberedAt(home)).toBe(end);
    expect(isForgettable(home, end + FORGET_AFTER_MS - 1)).toBe(false);
    expect(isForgettable(home, end + FORGET_AFTER_MS)).toBe(true);
    // A referral cancelled after the discharge is remembered until FORGET_AFTER_MS after its cancellation.
    const cancelled = councilEvent('ReferralCancelled', 48 + 24 * 10, LIVERPOOL);
    const later = routeAll([admitted, referred, discharged, cancelled]).state;
    expect(lastRememberedAt(later)).toBe(cancelled.occurredAt.getTime());
    expect(isForgettable(later, end + FORGET_AFTER_MS)).toBe(false);
    expect(isForgettable(EMPTY_ROUTING, 0)).toBe(true);
  });

  it("routes a person's later events to the same feeds from an empty state as from the forgotten one", () => {
    // A city's people, each back in hospital and referred again 70 days after the last event of their first
    // weeks: routed on from their state, or from nothing where the rule lets them be forgotten.
    const first = city({ persons: 300, seed: 42, cancellations: true });
    const byPerson = new Map<string, SourceEvent[]>();
    for (const event of first)
      byPerson.set(event.personKey, [...(byPerson.get(event.personKey) ?? []), event]);
    let compared = 0;
    let forgotten = 0;
    for (const [personKey, events] of byPerson) {
      const lastAt = Math.max(...events.map((e) => e.occurredAt.getTime()));
      const hours = (lastAt + 70 * DAY - Date.UTC(2025, 0, 6)) / HOUR;
      const back = [
        hospitalEvent('PatientAdmitted', hours, { spellId: `${personKey}-B`, personKey }),
        councilEvent('ReferralReceived', hours + 3, LIVERPOOL, { personKey, referralId: `${personKey}-RB` }),
        hospitalEvent('DischargeReadyDeclared', hours + 30, { spellId: `${personKey}-B`, personKey }),
        hospitalEvent('PatientDischarged', hours + 60, { spellId: `${personKey}-B`, personKey }),
      ];
      const before = routeAll(events);
      const kept = routeAll(back, before.state, events);
      const forgetting = isForgettable(before.state, back[0]!.occurredAt.getTime());
      const fresh = routeAll(back, forgetting ? EMPTY_ROUTING : before.state, events);
      expect(fresh.feed).toEqual(kept.feed);
      compared += 1;
      if (forgetting) forgotten += 1;
    }
    expect(compared).toBe(byPerson.size);
    // Most of them could be forgotten (the others never left hospital): the comparison means something.
    expect(forgotten).toBeGreaterThan(byPerson.size / 2);
  });

  it('does not forget a state that a late event would still change the feeds of', () => {
    // The exception the rule accepts is outside its window: inside it, an event of the stay is still sent.
    const admitted = hospitalEvent('PatientAdmitted', 0, { spellId: 'S9' });
    const referred = councilEvent('ReferralReceived', 5, LIVERPOOL);
    const discharged = hospitalEvent('PatientDischarged', 48, { spellId: 'S9' });
    const state: PersonRouting = routeAll([admitted, referred, discharged]).state;
    const correction = hospitalEvent('PatientDischarged', 48 + 24 * 59, { spellId: 'S9' });
    expect(isForgettable(state, correction.occurredAt.getTime())).toBe(false);
    expect(route(state, correction, '9').feed.map((o) => o.laCode)).toEqual([LIVERPOOL]);
  });
});
