import { peopleWithEvents, personWithEvents } from './long-stay';

describe('personWithEvents (benchmark and spec input)', () => {
  it('gives exactly the events asked for, one person, in event-time order, the same each time', () => {
    for (const count of [3, 10, 100, 2_000]) {
      const events = personWithEvents(count, { mix: count === 100 ? 'churn' : 'a08' });
      expect(events).toHaveLength(count);
      expect(new Set(events.map((event) => event.personKey)).size).toBe(1);
      expect(new Set(events.map((event) => event.eventId)).size).toBe(count);
      const times = events.map((event) => event.occurredAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(events[0]?.type).toBe('PatientAdmitted');
      expect(events.at(-1)?.type).toBe('PatientDischarged');
    }
    expect(personWithEvents(50, { seed: 2 })).toEqual(personWithEvents(50, { seed: 2 }));
    expect(() => personWithEvents(2)).toThrow(RangeError);
  });

  it('gives different people different keys', () => {
    const people = peopleWithEvents(5, 10);
    expect(new Set(people.map((events) => events[0]?.personKey)).size).toBe(5);
    expect(people.every((events) => events.length === 10)).toBe(true);
  });
});
