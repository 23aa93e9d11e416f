import type { DischargeReadyDeclared, FeedEvent } from '@homefirst/schemas';
import { councilEvent, hospitalEvent, LIVERPOOL, SEFTON } from '../testing/events';
import type { SourceEvent } from './feed-event';
import { route, routeAll } from './route';
import { deserialiseRouting, serialiseRouting } from './serialise';

// "An A08 that repeats the same DRD is not a new declaration" (issue 16, 9b): a council's feed carries a
// readiness declaration once, and every change after it; the PAS re-sending it unchanged sends nothing (the
// rule: @homefirst/schemas readiness/repeat-declaration.ts).

/** A readiness declaration at `hours`, the sample's (DRD 2025-01-06, 08:00, P1, awaiting a P1 package) changed by `over`. */
const ready = (hours: number, over: Partial<DischargeReadyDeclared> = {}) => {
  const event = hospitalEvent('DischargeReadyDeclared', hours);
  return { ...event, payload: { ...event.payload, ...over } };
};

/** given(events).then(feed): the source ids each council is sent, in order. */
const feedOf = (events: readonly SourceEvent[]): [string, string][] =>
  routeAll(events).feed.map((e: FeedEvent) => [e.laCode, e.sourceEventId]);
const to = (laCode: string, ...events: SourceEvent[]): [string, string][] =>
  events.map((e) => [laCode, e.eventId]);

describe('route: repeated readiness declarations', () => {
  const admitted = hospitalEvent('PatientAdmitted', 0);
  const referral = councilEvent('ReferralReceived', 1, LIVERPOOL);

  it('given a referred stay, when the same declaration comes three times, then the council is sent it once', () => {
    const first = ready(5);
    expect(feedOf([admitted, referral, first, ready(6), ready(7)])).toEqual(
      to(LIVERPOOL, admitted, referral, first),
    );
  });

  it('given a declaration, when its DRD, time, pathway or reason changes, then each change is sent', () => {
    const first = ready(5);
    const newDrd = ready(6, { dischargeReadyDate: '2025-01-05' });
    const newTime = ready(7, { dischargeReadyDate: '2025-01-05', dischargeReadyAt: null });
    const newPathway = ready(8, {
      dischargeReadyDate: '2025-01-05',
      dischargeReadyAt: null,
      proposedPathway: 'P2',
    });
    const sameAgain = ready(9, {
      dischargeReadyDate: '2025-01-05',
      dischargeReadyAt: null,
      proposedPathway: 'P2',
    });
    const newReason = ready(10, {
      dischargeReadyDate: '2025-01-05',
      dischargeReadyAt: null,
      proposedPathway: 'P2',
      delay: { reason: 'AWAITING_P2_BED', attribution: 'BOTH' },
    });
    expect(feedOf([admitted, referral, first, newDrd, newTime, newPathway, sameAgain, newReason])).toEqual(
      to(LIVERPOOL, admitted, referral, first, newDrd, newTime, newPathway, newReason),
    );
  });

  it('given the patient met the criteria again, then the same DRD declared afterwards is sent (a new declaration)', () => {
    const first = ready(5);
    const withdrawn = hospitalEvent('DischargeReadinessWithdrawn', 6);
    const again = ready(8);
    expect(feedOf([admitted, referral, first, withdrawn, again])).toEqual(
      to(LIVERPOOL, admitted, referral, first, withdrawn, again),
    );
  });

  it('given a referral after the repeats, then the council gets the stay with the declaration once', () => {
    const first = ready(5);
    const late = councilEvent('ReferralReceived', 9, SEFTON);
    expect(feedOf([admitted, first, ready(6), ready(7), late])).toEqual(to(SEFTON, admitted, first, late));
  });

  it('given a repeat redelivered or the state stored and read back, then still nothing is sent for it', () => {
    const first = ready(5);
    const repeat = ready(6);
    const { state } = routeAll([admitted, referral, first]);
    const stored = deserialiseRouting(serialiseRouting(state));
    expect(route(stored, repeat, '9').feed).toEqual([]);
    expect(route(route(stored, repeat, '9').state, repeat, '9').feed).toEqual([]);
  });

  it('given a state stored before the router followed readiness, then the next declaration is sent, and its repeats not', () => {
    const first = ready(5);
    const { state } = routeAll([admitted, referral]);
    const old = { ...state, stays: state.stays.map(({ readiness: _readiness, ...stay }) => stay) };
    const sent = route(old, first, '5');
    expect(sent.feed.map((f) => f.sourceEventId)).toEqual([first.eventId]);
    expect(route(sent.state, ready(6), '6').feed).toEqual([]);
  });
});
