import { projectAll } from '../offline/project';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { population, seededRandom, shuffled } from '../testing/population';
import { given } from '../testing/spec';
import { personWithEvents } from '../testing/long-stay';
import { emptyPerson, evolve, projectEvents } from './evolve';
import type { ProjectedEvent } from './journal';

// Duplicates and out-of-order events are normal. Each case has a spec; then a property over a realistic
// population: any arrival order, with any duplicates, gives the same read models.

const person = (n: number): PersonStory => new PersonStory(testNhsNumber(400 + n));
const NOW = '2025-03-10T12:00:00Z';

describe('evolve', () => {
  it('is pure: the same record and event give an equal record, and the input is not changed', () => {
    const p = person(0);
    const before = emptyPerson(p.personKey);
    const event = p.admitted('2025-03-01T10:00:00Z');
    const frozen = JSON.stringify(before);
    expect(evolve(before, event)).toEqual(evolve(before, event));
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('given an event seen before, then the record is returned unchanged (same object)', () => {
    const p = person(1);
    const event = p.admitted('2025-03-01T10:00:00Z');
    const once = evolve(emptyPerson(p.personKey), event);
    expect(evolve(once, event)).toBe(once);
  });

  it('keeps events in event-time order whatever the arrival order', () => {
    const p = person(2);
    const late = p.discharged('2025-03-05T10:00:00Z');
    const early = p.admitted('2025-03-01T10:00:00Z');
    const record = evolve(evolve(emptyPerson(p.personKey), late), early);
    expect(record.journal.map((entry) => entry.type)).toEqual(['PatientAdmitted', 'PatientDischarged']);
  });

  it('keeps no NHS number in the journal, one on the record', () => {
    const p = person(3);
    const record = evolve(emptyPerson(p.personKey), p.admitted('2025-03-01T10:00:00Z'));
    expect(record.nhsNumber).toBe(p.nhsNumber);
    expect(JSON.stringify(record.journal)).not.toContain(p.nhsNumber);
  });

  it('keeps every entry, however many (no cap: nothing a read model needs is dropped)', () => {
    const p = person(4);
    let record = emptyPerson(p.personKey);
    for (let i = 0; i < 620; i += 1) {
      record = evolve(
        record,
        p.expectedDischarge(
          new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toISOString(),
          '2025-03-01',
        ),
      );
    }
    expect(record.journal).toHaveLength(620);
    expect(record.journal[0]?.at).toBe(Date.parse('2025-01-01T00:00:00Z'));
  });
});

describe('out of order and duplicated', () => {
  it('given the council before the hospital, then the queue is as if they came in order', () => {
    const p = person(10);
    const hospital = [p.admitted('2025-03-01T10:00:00Z'), p.ready('2025-03-03T09:00:00Z')];
    const council = [p.referred('2025-03-02T10:00:00Z'), p.packageRequested('2025-03-03T12:00:00Z')];
    const inOrder = given(hospital, council).at(NOW);
    const councilFirst = given(council, hospital).at(NOW);
    expect(councilFirst).toEqual(inOrder);
    expect(councilFirst.queue.items[0]?.delayReason).toBe('AWAITING_P1_CARE_AT_HOME');
  });

  it('given the discharge arrives before the readiness declaration, then the episode is met, not left open', () => {
    const p = person(11);
    const { queue, tracker } = given(
      p.discharged('2025-03-04T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.admitted('2025-03-01T10:00:00Z'),
    ).at(NOW);
    expect(queue.total).toBe(0);
    expect(tracker.episodes.items[0]).toMatchObject({ status: 'met', endedAt: '2025-03-04T10:00:00.000Z' });
  });

  it('given readiness recorded only after the patient left (a back-dated DRD), then a closed episode is kept', () => {
    const p = person(12);
    const { queue, tracker } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.discharged('2025-03-06T10:00:00Z'),
      p.ready('2025-03-06T16:00:00Z', { drd: '2025-03-03', readyAt: null }),
    ).at(NOW);
    expect(queue.total).toBe(0);
    expect(tracker.episodes.items[0]).toMatchObject({
      status: 'breached',
      readyAt: '2025-03-03T00:00:00.000Z',
    });
  });

  it('given every event twice, then nothing is counted twice', () => {
    const p = person(13);
    const events = [
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.referred('2025-03-03T10:00:00Z'),
      p.discharged('2025-03-06T10:00:00Z'),
    ];
    const once = given(events);
    const twice = given(events, [...events].reverse());
    expect(twice.snapshot).toEqual(once.snapshot);
    expect(twice.at(NOW).kpis.dischargesByPathway.total).toBe(1);
  });
});

describe('cancellations, re-declarations and patient merges', () => {
  it('given an admission cancelled, then the person leaves every read model but their journey', () => {
    const p = person(14);
    const { queue, tracker, kpis, journeys } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.admissionCancelled('2025-03-03T12:00:00Z'),
    ).at(NOW);
    expect(queue.total).toBe(0);
    expect(tracker.episodes.total).toBe(0);
    expect(kpis.nctrDaily).toEqual([]);
    expect(journeys[0]?.events).toHaveLength(3);
  });

  it('given a discharge cancelled, then the person is back in the queue and the discharge is not counted', () => {
    const p = person(15);
    const { queue, tracker, kpis } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.discharged('2025-03-04T10:00:00Z'),
      p.dischargeCancelled('2025-03-04T11:00:00Z'),
    ).at('2025-03-04T12:00:00Z');
    expect(queue.total).toBe(1);
    expect(tracker.episodes.items[0]?.status).toBe('on_track');
    expect(kpis.dischargesByPathway.total).toBe(0);
  });

  it('given readiness withdrawn and declared again, then the person queues from the new DRD', () => {
    const p = person(16);
    const { queue } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.withdrawn('2025-03-04T09:00:00Z'),
      p.ready('2025-03-07T09:00:00Z', { drd: '2025-03-07' }),
    ).at(NOW);
    expect(queue.items[0]).toMatchObject({ readySince: '2025-03-07T09:00:00.000Z', excessBedDays: 3 });
  });

  describe('patient merges', () => {
    const survivor = person(20);
    const retired = person(21);
    const retiredStay = [retired.admitted('2025-03-01T10:00:00Z'), retired.ready('2025-03-03T09:00:00Z')];
    const merge = survivor.merged('2025-03-04T09:00:00Z', retired);
    const afterMerge = retired.referred('2025-03-05T09:00:00Z');

    it('given a merge, then the retired record leaves the queue and the survivor carries the stay', () => {
      const { queue, journeys } = given(retiredStay, merge).at(NOW);
      expect(queue.items.map((item) => item.personKey)).toEqual([survivor.personKey]);
      expect(queue.items[0]?.nhsNumber).toBe(survivor.nhsNumber);
      expect(journeys.map((journey) => journey.personKey)).toEqual([survivor.personKey]);
      expect(journeys[0]?.mergedFrom).toEqual([retired.personKey]);
    });

    it('given later events of the retired record, then they go to the survivor', () => {
      const { queue } = given(retiredStay, merge, afterMerge).at(NOW);
      expect(queue.items[0]).toMatchObject({
        personKey: survivor.personKey,
        delayReason: 'AWAITING_ASSESSMENT',
      });
    });

    it("given the merge before the retired record's events, then the read models are the same", () => {
      expect(given(merge, afterMerge, retiredStay).snapshot).toEqual(
        given(retiredStay, merge, afterMerge).snapshot,
      );
    });

    it('returns both changed records from one batch', () => {
      const changed = projectEvents(new Map(), [...retiredStay, merge]);
      expect(changed.get(retired.personKey)?.retiredInto).toBe(survivor.personKey);
      expect(changed.get(survivor.personKey)?.journal).toHaveLength(3);
    });
  });

  it('property: a realistic population in any arrival order, with duplicates, gives identical read models', () => {
    const events = [
      ...population({
        persons: 120,
        seed: 42,
        start: new Date('2025-03-01T00:00:00Z'),
        spreadHours: 24 * 10,
      }),
      // and a long history (more than the 500 entries the journal used to be capped at)
      ...personWithEvents(640, { person: 9400, seed: 42, everyMinutes: 20 }),
    ];
    expect(events.length).toBeGreaterThan(800);
    const reference = JSON.stringify(projectAll(events));
    const random = seededRandom(7);
    for (let round = 0; round < 5; round += 1) {
      const duplicates = events.filter(() => random() < 0.1);
      const arrival: ProjectedEvent[] = shuffled([...events, ...duplicates], random);
      expect(JSON.stringify(projectAll(arrival))).toBe(reference);
    }
  });
});
