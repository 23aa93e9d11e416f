import {
  EventCodec,
  InMemoryRegistry,
  councilSamples,
  hospitalSamples,
  type FeedEvent,
} from '@homefirst/schemas';
import { councilEvent, hospitalEvent, LIVERPOOL, SEFTON } from '../testing/events';
import { feedEventIdOf, feedTemplateOf, type SourceEvent } from './feed-event';
import { route, routeAll } from './route';
import { deserialiseRouting, serialiseRouting } from './serialise';
import { EMPTY_ROUTING } from './state';

/** given(events).then(feed): the feed events, as [laCode, source event id] pairs. */
const feedOf = (events: readonly SourceEvent[]): [string, string][] =>
  routeAll(events).feed.map((e: FeedEvent) => [e.laCode, e.sourceEventId]);

const ids = (...events: SourceEvent[]): string[] => events.map((e) => e.eventId);
const to = (laCode: string, ...events: SourceEvent[]): [string, string][] =>
  events.map((e) => [laCode, e.eventId]);

describe('route: which council gets which event', () => {
  it("sends a council its own events, with an id derived from the source event's and the LA code", () => {
    const referral = councilEvent('ReferralReceived', 1, LIVERPOOL);
    expect(route(EMPTY_ROUTING, referral, '41').feed).toEqual([
      { laCode: LIVERPOOL, sourceEventId: referral.eventId, offset: '41' },
    ]);
    const { feed } = routeAll([referral]);
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({
      laCode: LIVERPOOL,
      sourceEventId: referral.eventId,
      eventId: feedEventIdOf(LIVERPOOL, referral.eventId),
      type: 'FeedReferralReceived',
    });
    expect(feedEventIdOf(LIVERPOOL, 'x')).toBe(feedEventIdOf(LIVERPOOL, 'x'));
    expect(feedEventIdOf(LIVERPOOL, 'x')).not.toBe(feedEventIdOf(SEFTON, 'x'));
  });

  it('sends no hospital event of a person nobody referred', () => {
    expect(
      feedOf([
        hospitalEvent('PatientAdmitted', 0),
        hospitalEvent('DischargeReadyDeclared', 5),
        hospitalEvent('PatientDischarged', 9),
      ]),
    ).toEqual([]);
  });

  it("given a referral mid-stay, sends the stay's earlier events first, in order, then follows the stay until discharge", () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const ready = hospitalEvent('DischargeReadyDeclared', 5);
    const referral = councilEvent('ReferralReceived', 6, LIVERPOOL);
    const moved = hospitalEvent('PatientTransferred', 7);
    const discharged = hospitalEvent('PatientDischarged', 9);
    const readmitted = hospitalEvent('PatientAdmitted', 200, { spellId: 'V2' });
    const assessed = councilEvent('AssessmentCompleted', 210, LIVERPOOL);
    expect(feedOf([admitted, ready, referral, moved, discharged, readmitted, assessed])).toEqual(
      to(LIVERPOOL, admitted, ready, referral, moved, discharged, assessed),
    );
  });

  it('puts a person referred to two councils in both feeds, each with its own ids', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const liverpool = councilEvent('ReferralReceived', 2, LIVERPOOL);
    const sefton = councilEvent('ReferralReceived', 3, SEFTON, { referralId: 'S-9' });
    const ready = hospitalEvent('DischargeReadyDeclared', 4);
    const { feed } = routeAll([admitted, liverpool, sefton, ready]);
    expect(feed.map((e) => [e.laCode, e.sourceEventId])).toEqual([
      ...to(LIVERPOOL, admitted, liverpool),
      ...to(SEFTON, admitted, sefton),
      ...to(LIVERPOOL, ready),
      ...to(SEFTON, ready),
    ]);
    expect(new Set(feed.map((e) => e.eventId)).size).toBe(feed.length);
  });

  it('stops the flow at a cancelled referral; a new referral of the same council sends what was missed, never twice', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const referral = councilEvent('ReferralReceived', 1, LIVERPOOL);
    const cancelled = councilEvent('ReferralCancelled', 2, LIVERPOOL);
    const ready = hospitalEvent('DischargeReadyDeclared', 3);
    expect(feedOf([admitted, referral, cancelled, ready])).toEqual(
      to(LIVERPOOL, admitted, referral, cancelled),
    );
    const again = councilEvent('ReferralReceived', 4, LIVERPOOL, { referralId: 'REF-2' });
    const discharged = hospitalEvent('PatientDischarged', 5);
    expect(feedOf([admitted, referral, cancelled, ready, again, discharged])).toEqual(
      to(LIVERPOOL, admitted, referral, cancelled, ready, again, discharged),
    );
  });

  it("stops only the cancelled council's flow", () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const liverpool = councilEvent('ReferralReceived', 1, LIVERPOOL);
    const sefton = councilEvent('ReferralReceived', 1, SEFTON, { referralId: 'S-1' });
    const cancelled = councilEvent('ReferralCancelled', 2, SEFTON, { referralId: 'S-1' });
    const ready = hospitalEvent('DischargeReadyDeclared', 3);
    expect(feedOf([admitted, liverpool, sefton, cancelled, ready])).toEqual([
      ...to(LIVERPOOL, admitted, liverpool),
      ...to(SEFTON, admitted, sefton, cancelled),
      ...to(LIVERPOOL, ready),
    ]);
  });
});

describe('route: which stay a referral belongs to', () => {
  it('links a referral that arrives before its admission (council stream ahead of the trust) once the admission arrives', () => {
    const referral = councilEvent('ReferralReceived', 2, LIVERPOOL);
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const ready = hospitalEvent('DischargeReadyDeclared', 3);
    expect(feedOf([referral, admitted, ready])).toEqual(to(LIVERPOOL, referral, admitted, ready));
  });

  it('gives a community referral, or one made long after the stay ended, no hospital events', () => {
    const community = councilEvent('ReferralReceived', 1, LIVERPOOL);
    const admittedLater = hospitalEvent('PatientAdmitted', 30);
    expect(feedOf([community, admittedLater])).toEqual(to(LIVERPOOL, community));

    const admitted = hospitalEvent('PatientAdmitted', 0);
    const discharged = hospitalEvent('PatientDischarged', 10);
    const late = councilEvent('ReferralReceived', 10 + 48, LIVERPOOL);
    expect(feedOf([admitted, discharged, late])).toEqual(to(LIVERPOOL, late));
  });

  it('keeps a referral recorded the day after discharge with the stay it was about', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const discharged = hospitalEvent('PatientDischarged', 10);
    const nextDay = councilEvent('ReferralReceived', 20, LIVERPOOL);
    expect(feedOf([admitted, discharged, nextDay])).toEqual(to(LIVERPOOL, admitted, discharged, nextDay));
  });

  it('follows a cancelled discharge: the stay goes on', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const referral = councilEvent('ReferralReceived', 1, LIVERPOOL);
    const discharged = hospitalEvent('PatientDischarged', 2);
    const undone = hospitalEvent('DischargeCancelled', 3);
    const died = hospitalEvent('PatientDied', 4, { spellId: null });
    expect(feedOf([admitted, referral, discharged, undone, died])).toEqual(
      to(LIVERPOOL, admitted, referral, discharged, undone, died),
    );
  });

  it('sends a replayed (duplicate) hospital event once, and never PatientsMerged', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const referral = councilEvent('ReferralReceived', 1, LIVERPOOL);
    const merged = hospitalEvent('PatientsMerged', 2);
    expect(feedOf([admitted, referral, admitted, merged])).toEqual(to(LIVERPOOL, admitted, referral));
    expect(ids(admitted)).toHaveLength(1);
  });
});

describe('feed events: minimised, and valid against the feed schema', () => {
  it('drops clinical and bed-level fields and keeps the ward', () => {
    const admitted = feedTemplateOf(hospitalSamples.PatientAdmitted);
    expect(admitted?.payload).toEqual({
      nhsNumber: hospitalSamples.PatientAdmitted.payload.nhsNumber,
      spellId: hospitalSamples.PatientAdmitted.payload.spellId,
      admittedSite: 'RXN02',
      admittedWard: 'WARD7',
      // contract v3: the age band and residence category go to councils; the admission source code does not
      ageBandAtAdmission: 'AGE_75_TO_84',
      usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
    });
    expect(feedTemplateOf(hospitalSamples.DischargeReadinessWithdrawn)?.payload).not.toHaveProperty(
      'criterion',
    );
    expect(feedTemplateOf(hospitalSamples.PatientsMerged)).toBeUndefined();
  });

  it('encodes every feed event type through the codec and decodes it back', async () => {
    const codec = new EventCodec({ registry: new InMemoryRegistry() });
    const sources: SourceEvent[] = [
      ...Object.values(hospitalSamples).filter((e) => e.type !== 'PatientsMerged'),
      ...Object.values(councilSamples),
    ];
    for (const source of sources) {
      const template = feedTemplateOf(source);
      expect(template).toBeDefined();
      const event = {
        ...template!,
        eventId: feedEventIdOf(LIVERPOOL, source.eventId),
        laCode: LIVERPOOL,
      } as FeedEvent;
      const decoded = await codec.decodeAny(await codec.encodeFeed(LIVERPOOL, event));
      expect(decoded.event).toEqual(event);
    }
  });
});

describe('routing state: stored and restored', () => {
  it('round-trips through the changelog bytes as references (no payload), and routes on identically', () => {
    const admitted = hospitalEvent('PatientAdmitted', 0);
    const ready = hospitalEvent('DischargeReadyDeclared', 5);
    const referral = councilEvent('ReferralReceived', 6, LIVERPOOL);
    const discharged = hospitalEvent('PatientDischarged', 9);
    const first = routeAll([admitted, ready]);
    const bytes = serialiseRouting(first.state);
    const restored = deserialiseRouting(bytes);
    expect(restored).toEqual(first.state);
    expect(restored.stays[0]?.events).toEqual([
      { sourceEventId: admitted.eventId, occurredAt: admitted.occurredAt.getTime(), offset: '0' },
      { sourceEventId: ready.eventId, occurredAt: ready.occurredAt.getTime(), offset: '1' },
    ]);
    // No copy of a payload: the state of a stay is its references, whatever its events hold.
    expect(bytes.toString()).not.toMatch(/siteCode|ward|pathway|"payload"/);
    const after = routeAll([referral, discharged], restored, [admitted, ready]).feed;
    expect(after).toEqual(routeAll([referral, discharged], first.state, [admitted, ready]).feed);
    expect(after.map((e) => e.sourceEventId)).toEqual(ids(admitted, ready, referral, discharged));
    expect(deserialiseRouting(null)).toEqual(EMPTY_ROUTING);
  });

  it('still reads states stored as versions 2 and 3 (JSON), and refuses a version it does not know', () => {
    const state = routeAll([
      hospitalEvent('PatientAdmitted', 0),
      councilEvent('ReferralReceived', 1, LIVERPOOL),
    ]).state;
    const v2 = Buffer.from(JSON.stringify({ v: 2, s: state }));
    expect(deserialiseRouting(v2)).toEqual(state);
    const v3 = Buffer.from(
      JSON.stringify({
        v: 3,
        s: state.stays.map((s) => [
          s.spellId,
          s.admittedAt,
          s.endedAt,
          s.events.map((e) => [e.sourceEventId, e.occurredAt, e.offset]),
          s.readiness ?? null,
        ]),
        r: state.referrals.map((r) => [r.laCode, r.referralId, r.receivedAt, r.cancelledAt, r.spellId]),
        d: state.deliveries.map((d) => [d.laCode, d.spellId, d.sent]),
      }),
    );
    expect(deserialiseRouting(v3)).toEqual(state);
    expect(deserialiseRouting(serialiseRouting(state))).toEqual(state);
    expect(serialiseRouting(state)[0]).toBe(4);
    expect(serialiseRouting(state).length).toBeLessThan(v3.length);
    expect(() => deserialiseRouting(Buffer.from('{"v":1,"s":{}}'))).toThrow(/version 1/);
    expect(() => deserialiseRouting(Buffer.from([5, 0, 0, 0]))).toThrow(/version byte 5/);
  });

  it('stores what a council was sent as positions in the stay, and reads back ids that are not in it', () => {
    const events = [
      hospitalEvent('PatientAdmitted', 0),
      hospitalEvent('DischargeReadyDeclared', 2),
      councilEvent('ReferralReceived', 3, LIVERPOOL),
      hospitalEvent('PatientDischarged', 4),
    ];
    const { state } = routeAll(events);
    expect(state.deliveries[0]?.sent).toHaveLength(3);
    const bytes = serialiseRouting(state);
    // Ids appear once each (in the stay), not again in the delivery.
    for (const id of state.deliveries[0]?.sent ?? [])
      expect(bytes.toString('latin1').split(id)).toHaveLength(2);
    expect(deserialiseRouting(bytes)).toEqual(state);
    const odd = {
      ...state,
      deliveries: state.deliveries.map((d) => ({ ...d, sent: [...d.sent, 'not-an-event-of-the-stay'] })),
    };
    expect(deserialiseRouting(serialiseRouting(odd))).toEqual(odd);
  });
});
