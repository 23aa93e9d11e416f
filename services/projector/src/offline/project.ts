import type { PersonRecord } from '../person/evolve';
import { projectEvents } from '../person/evolve';
import type { ProjectedEvent } from '../person/journal';
import { snapshotOfPersons, type ReadModelSnapshot } from '../readmodels/snapshot';

/** In-memory projection: the same pure functions the live projector runs, over events in the given order. */
export class MemoryProjection {
  private readonly persons = new Map<string, PersonRecord>();

  apply(events: Iterable<ProjectedEvent>): void {
    for (const [key, record] of projectEvents(this.persons, events)) this.persons.set(key, record);
  }

  records(): IterableIterator<PersonRecord> {
    return this.persons.values();
  }

  snapshot(): ReadModelSnapshot {
    return snapshotOfPersons(this.persons.values());
  }
}

/** The read models of a list of events. */
export const projectAll = (events: Iterable<ProjectedEvent>): ReadModelSnapshot => {
  const projection = new MemoryProjection();
  projection.apply(events);
  return projection.snapshot();
};
