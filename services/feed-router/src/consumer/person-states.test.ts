import { FORGET_AFTER_MS } from '../routing/forget';
import { EMPTY_ROUTING, type PersonRouting, type Stay } from '../routing/state';
import { PersonStates } from './person-states';

const DAY = 24 * 3_600_000;
const T0 = Date.UTC(2025, 0, 6);
const stay = (endedAt: number | null): Stay => ({
  spellId: `S-${endedAt}`,
  admittedAt: T0,
  endedAt,
  events: [],
});
const person = (endedAt: number | null): PersonRouting => ({ ...EMPTY_ROUTING, stays: [stay(endedAt)] });
const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

describe('routing states in memory', () => {
  it('keeps states per partition', () => {
    const states = new PersonStates();
    states.set(0, 'a', person(T0));
    states.set(1, 'b', person(null));
    expect(states.get(0, 'a')).toEqual(person(T0));
    expect(states.get(1, 'a')).toBeUndefined();
    expect(states.size).toBe(2);
    states.delete(0, 'a');
    expect(states.size).toBe(1);
    states.clear();
    expect(states.size).toBe(0);
  });

  it("names the people to forget by the partition's newest event time, at most once a day of it", () => {
    const states = new PersonStates();
    states.set(0, 'home', person(T0));
    states.set(0, 'in', person(null));
    states.set(1, 'other', person(T0));
    // Nothing seen on the partition yet: no "now", nobody due.
    expect(states.due(0, new Map())).toEqual([]);
    states.observe(0, T0 + FORGET_AFTER_MS - 1, FAR_FUTURE);
    expect(states.due(0, new Map())).toEqual([]);
    states.committed(0, new Map(), []);
    // Less than a day later: not looked at again.
    states.observe(0, T0 + FORGET_AFTER_MS + 1, FAR_FUTURE);
    expect(states.due(0, new Map())).toEqual([]);
    states.committed(0, new Map(), []);
    states.observe(0, T0 + FORGET_AFTER_MS + DAY, FAR_FUTURE);
    expect(states.due(0, new Map())).toEqual(['home']);
    // Partition 1 has its own clock.
    expect(states.due(1, new Map())).toEqual([]);
  });

  it('looks again at the next batch when the batch of its last look did not commit (in doubt, retried)', () => {
    const states = new PersonStates();
    states.set(0, 'home', person(T0));
    states.observe(0, T0 + FORGET_AFTER_MS + 1, FAR_FUTURE);
    expect(states.due(0, new Map())).toEqual(['home']);
    // No commit: the same records routed again must forget the same people.
    expect(states.due(0, new Map())).toEqual(['home']);
    states.committed(0, new Map([['new', person(null)]]), ['home']);
    expect([states.get(0, 'home'), states.get(0, 'new')]).toEqual([undefined, person(null)]);
    expect(states.due(0, new Map())).toEqual([]);
  });

  it("judges a person on the batch's state of them, and includes people new in the batch", () => {
    const states = new PersonStates();
    states.set(0, 'readmitted', person(T0));
    const changed = new Map([
      ['readmitted', person(null)],
      ['new', person(T0)],
    ]);
    states.observe(0, T0 + FORGET_AFTER_MS, FAR_FUTURE);
    expect(states.due(0, changed)).toEqual(['new']);
  });

  it("takes an event time later than its record's timestamp as the timestamp", () => {
    const states = new PersonStates();
    states.set(0, 'home', person(T0));
    // An event dated far ahead, written now: "now" is the write time, too early to forget anyone.
    states.observe(0, T0 + 10 * FORGET_AFTER_MS, T0 + DAY);
    expect(states.due(0, new Map())).toEqual([]);
  });
});
