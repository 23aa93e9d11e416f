import type { DischargeDelay, Location } from '@homefirst/schemas';
import type { ProjectedEvent } from '../person/journal';
import { AINTREE, PersonStory, ROYAL, testNhsNumber } from './corpus';
import { seededRandom } from './population';

const MINUTE = 60_000;
const WARDS: readonly Location[] = [
  ROYAL,
  AINTREE,
  { site: 'REM01', ward: 'ACUTE MED 1', room: null, bed: 'C7' },
  { site: 'REM02', ward: 'WARD 32', room: 'BAY 1', bed: 'B1' },
];
const DELAYS: readonly (DischargeDelay | null)[] = [
  null,
  { reason: 'AWAITING_MEDICINES_TO_TAKE_HOME', attribution: 'NHS' },
  { reason: 'AWAITING_P1_CARE_AT_HOME', attribution: 'SOCIAL_CARE' },
  { reason: 'AWAITING_EQUIPMENT_OR_ADAPTATIONS', attribution: 'BOTH' },
];

export interface PersonWithEventsOptions {
  /** Index of the test NHS number (keeps generated people apart). Default 9000. */
  readonly person?: number;
  /** Admission time. Default 2025-01-06T08:00:00Z. */
  readonly admittedAt?: Date;
  /** PRNG seed for the mix of updates. Default 1. */
  readonly seed?: number;
  /** Minutes between two updates. Default 30. */
  readonly everyMinutes?: number;
}

/**
 * A person with exactly `count` events (at least 3): one long, A08-heavy hospital stay as a trust's PAS
 * tells it — an admission, a council referral, then `count − 3` in-stay updates (about half expected
 * discharge date changes, a fifth transfers, three in ten re-declarations of readiness with a changing
 * delay reason, and one in a hundred readiness withdrawn, to be declared again: a new readiness episode),
 * and a discharge. Seeded: the same arguments give the
 * same events. For the per-person benchmarks (10 / 100 / 2,000 events) and the long-history specs.
 */
export function personWithEvents(count: number, options: PersonWithEventsOptions = {}): ProjectedEvent[] {
  if (!Number.isInteger(count) || count < 3) throw new RangeError('a person needs at least 3 events');
  const random = seededRandom(options.seed ?? 1);
  const person = new PersonStory(testNhsNumber(options.person ?? 9000));
  const start = (options.admittedAt ?? new Date('2025-01-06T08:00:00Z')).getTime();
  const step = (options.everyMinutes ?? 30) * MINUTE;
  const t = (index: number): string => new Date(start + index * step).toISOString();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const events: ProjectedEvent[] = [person.admitted(t(0)), person.referred(t(1), 'P1')];
  let ready = false;
  for (let index = 2; index < count - 1; index += 1) {
    const roll = random();
    const when = t(index);
    if (roll < 0.5) {
      const expected = new Date(start + index * step + (1 + Math.floor(random() * 20)) * 86_400_000);
      events.push(person.expectedDischarge(when, expected.toISOString().slice(0, 10)));
    } else if (roll < 0.7) {
      events.push(person.transferred(when, pick(WARDS)));
    } else if (roll < 0.99 || !ready) {
      // A re-declaration while ready (the PAS re-sends the NCTR fields on every A08) or a new episode.
      events.push(person.ready(when, { pathway: pick(['P1', 'P1', 'P2'] as const), delay: pick(DELAYS) }));
      ready = true;
    } else {
      events.push(person.withdrawn(when));
      ready = false;
    }
  }
  events.push(person.discharged(t(count - 1), 'P1'));
  return events;
}
