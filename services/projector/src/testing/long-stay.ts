import type { DischargeDelay, Location } from '@homefirst/schemas';
import type { ProjectedEvent } from '../person/journal';
import { AINTREE, PersonStory, ROYAL, testNhsNumber, testNhsNumbers } from './corpus';
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
  /** The NHS number itself (instead of `person`; testNhsNumber(n) walks the range, so many people want this). */
  readonly nhsNumber?: string;
  /** Admission time. Default 2025-01-06T08:00:00Z. */
  readonly admittedAt?: Date;
  /** PRNG seed for the mix of updates. Default 1. */
  readonly seed?: number;
  /** Minutes between two updates. Default 30. */
  readonly everyMinutes?: number;
  /**
   * `a08` (default): what a PAS sends over a long stay — mostly expected-date changes and the readiness
   * fields re-sent unchanged, a few transfers, a delay reason that changes now and then. `churn`: a stress
   * mix where every update changes something a read model shows (a transfer or a new delay reason while
   * ready), so the facts themselves grow with the history.
   */
  readonly mix?: 'a08' | 'churn';
}

/** Shares of the updates: expected date, transfer, readiness re-sent, withdrawal; and how often a re-send changes the delay. */
const MIXES = {
  a08: { expected: 0.55, transfer: 0.04, redeclare: 0.4, delayChange: 0.05 },
  churn: { expected: 0.2, transfer: 0.35, redeclare: 0.44, delayChange: 1 },
} as const;

/**
 * A person with exactly `count` events (at least 3): one long, A08-heavy hospital stay as a trust's PAS
 * tells it — an admission, a council referral, then `count − 3` in-stay updates (expected discharge date
 * changes, transfers, readiness declared and re-sent on later updates with the same ready time and a
 * sometimes changing delay reason, and about one in a hundred readiness withdrawn, to be declared again
 * later: a new readiness episode), and a discharge. Seeded: the same arguments give the same events.
 * For the per-person benchmarks (10 / 100 / 2,000 events) and the long-history specs.
 */
export function personWithEvents(count: number, options: PersonWithEventsOptions = {}): ProjectedEvent[] {
  if (!Number.isInteger(count) || count < 3) throw new RangeError('a person needs at least 3 events');
  const random = seededRandom(options.seed ?? 1);
  const mix = MIXES[options.mix ?? 'a08'];
  const person = new PersonStory(options.nhsNumber ?? testNhsNumber(options.person ?? 9000));
  const start = (options.admittedAt ?? new Date('2025-01-06T08:00:00Z')).getTime();
  const step = (options.everyMinutes ?? 30) * MINUTE;
  const t = (index: number): string => new Date(start + index * step).toISOString();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const events: ProjectedEvent[] = [person.admitted(t(0)), person.referred(t(1), 'P1')];
  let readySince: string | null = null;
  let delay: DischargeDelay | null = null;
  for (let index = 2; index < count - 1; index += 1) {
    const roll = random();
    const when = t(index);
    if (roll < mix.expected) {
      const expected = new Date(start + index * step + (1 + Math.floor(random() * 20)) * 86_400_000);
      events.push(person.expectedDischarge(when, expected.toISOString().slice(0, 10)));
    } else if (roll < mix.expected + mix.transfer) {
      events.push(person.transferred(when, pick(WARDS)));
    } else if (roll < mix.expected + mix.transfer + mix.redeclare || readySince === null) {
      // Declared, or re-sent on a later A08 with the same ready time (the NCTR fields ride on every update).
      if (readySince === null || random() < mix.delayChange) delay = pick(DELAYS);
      readySince ??= when;
      events.push(
        person.ready(when, { drd: readySince.slice(0, 10), readyAt: readySince, pathway: 'P1', delay }),
      );
    } else {
      events.push(person.withdrawn(when));
      readySince = null;
    }
  }
  events.push(person.discharged(t(count - 1), 'P1'));
  return events;
}

/**
 * `people` persons with `eventsEach` events each (`personWithEvents`), person i seeded with i + 1 and given the
 * i-th test NHS number from `firstNhsNumber` (default 9000): one array of events per person, each in event-time
 * order. For benchmarks of "people with N events each".
 */
export function peopleWithEvents(
  people: number,
  eventsEach: number,
  options: {
    readonly firstNhsNumber?: number;
    readonly mix?: 'a08' | 'churn';
    readonly admittedAt?: Date;
  } = {},
): ProjectedEvent[][] {
  const numbers = testNhsNumbers(options.firstNhsNumber ?? 9000);
  return Array.from({ length: people }, (_, index) => {
    const next = numbers.next();
    if (next.done === true) throw new RangeError('ran out of test NHS numbers');
    return personWithEvents(eventsEach, { ...options, nhsNumber: next.value, seed: index + 1 });
  });
}
