import { seededRandom } from '@homefirst/testing';
import type { Location, Pathway } from '@homefirst/schemas';
import type { ProjectedEvent } from '../person/journal';
import { AINTREE, PersonStory, ROYAL, testNhsNumbers } from './corpus';

export { seededRandom };

/** A copy of the items in an order drawn from `random` (Fisher-Yates): an arrival order for a test. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const HOUR = 3_600_000;
const WARDS: readonly Location[] = [
  ROYAL,
  { site: 'REM01', ward: 'WARD 8Z', room: null, bed: 'B2' },
  { site: 'REM01', ward: 'ACUTE MED 1', room: null, bed: 'C7' },
  AINTREE,
  { site: 'REM02', ward: 'WARD 32', room: 'BAY 1', bed: 'B1' },
];

export interface PopulationOptions {
  /** Number of people. */
  readonly persons: number;
  readonly seed: number;
  /** Earliest admission. */
  readonly start: Date;
  /** Admissions spread over this many hours. */
  readonly spreadHours: number;
  /** Index of the first test NHS number to use (to keep populations apart). */
  readonly firstNhsNumber?: number;
}

/**
 * One person's stay, as both streams would tell it: admission, sometimes a transfer, readiness (sometimes
 * withdrawn and declared again), the council's referral → assessment → brokerage → start, discharge and
 * reablement. Pathways follow roughly the national mix (P0 45%, P1 42%, P2 9%, P3 4%); about one in six
 * is still waiting at the end.
 */
export function storyOf(nhsNumber: string, random: () => number, admittedAtMs: number): ProjectedEvent[] {
  const ward = WARDS[Math.floor(random() * WARDS.length)] ?? ROYAL;
  const person = new PersonStory(nhsNumber, { location: ward });
  const t = (hoursAfterAdmission: number): string =>
    new Date(admittedAtMs + hoursAfterAdmission * HOUR).toISOString();
  const roll = random();
  const pathway: Pathway = roll < 0.45 ? 'P0' : roll < 0.87 ? 'P1' : roll < 0.96 ? 'P2' : 'P3';
  const events: ProjectedEvent[] = [person.admitted(t(0))];
  if (random() < 0.3) {
    const to = WARDS[Math.floor(random() * WARDS.length)] ?? AINTREE;
    events.push(person.transferred(t(6 + random() * 20), to));
  }
  let ready = 24 + random() * 120;
  if (random() < 0.08) {
    events.push(person.ready(t(ready), { pathway }));
    const back = ready + 4 + random() * 20;
    events.push(person.withdrawn(t(back)));
    ready = back + 24 + random() * 48;
  }
  const explicitDelay = random() < 0.2;
  events.push(
    person.ready(t(ready), {
      pathway,
      delay: explicitDelay ? { reason: 'AWAITING_MEDICINES_TO_TAKE_HOME', attribution: 'NHS' } : null,
    }),
  );
  if (random() < 0.3)
    events.push(
      person.expectedDischarge(
        t(ready + 1),
        new Date(admittedAtMs + (ready + 48) * HOUR).toISOString().slice(0, 10),
      ),
    );
  const stillWaiting = random() < 0.16;
  if (pathway === 'P0') {
    if (!stillWaiting) events.push(person.discharged(t(ready + 2 + random() * 40), 'P0'));
    return events;
  }
  const referredAt = ready - 12 + random() * 16;
  events.push(person.referred(t(referredAt), pathway));
  const service =
    pathway === 'P1' ? 'REABLEMENT_AT_HOME' : pathway === 'P2' ? 'REABLEMENT_BED' : 'RESIDENTIAL_CARE';
  const assessedAt = referredAt + 2 + random() * 20;
  if (random() < 0.5) events.push(person.assessmentBooked(t(referredAt + 1), t(assessedAt)));
  if (pathway !== 'P1' || random() < 0.4) events.push(person.assessed(t(assessedAt)));
  const requestedAt = assessedAt + 1 + random() * 6;
  events.push(person.packageRequested(t(requestedAt), service));
  events.push(person.providerOffered(t(requestedAt + 1)));
  let sourcedAt = requestedAt + 2 + random() * 30;
  if (random() < 0.3) {
    events.push(person.providerDeclined(t(requestedAt + 3)));
    events.push(person.providerOffered(t(requestedAt + 4), 'PRV-ALLERTON'));
    sourcedAt += 24;
  }
  if (stillWaiting && random() < 0.5) return events;
  const startAt = sourcedAt + 12 + random() * 48;
  events.push(
    person.sourced(t(sourcedAt), new Date(admittedAtMs + startAt * HOUR).toISOString().slice(0, 10)),
  );
  if (stillWaiting) return events;
  const dischargedAt = startAt - 2;
  if (pathway === 'P3') {
    events.push(person.packageStarted(t(startAt), 'RESIDENTIAL_CARE'));
    events.push(person.discharged(t(dischargedAt), 'P3', 'DD56_CARE_HOME_WITHOUT_NURSING'));
    return events;
  }
  events.push(
    person.discharged(
      t(dischargedAt),
      pathway,
      pathway === 'P2' ? 'DD56_CARE_HOME_WITHOUT_NURSING' : 'DD19_USUAL_PLACE_OF_RESIDENCE',
    ),
  );
  events.push(person.reablementStarted(t(startAt), pathway === 'P2' ? 'BED_BASED' : 'HOME'));
  const outcomeRoll = random();
  const outcome =
    outcomeRoll < 0.55
      ? 'NO_ONGOING_SUPPORT'
      : outcomeRoll < 0.75
        ? 'ONGOING_LOW_LEVEL_SUPPORT'
        : outcomeRoll < 0.92
          ? 'LONG_TERM_SUPPORT'
          : 'ADMITTED_TO_HOSPITAL';
  events.push(person.reablementEnded(t(startAt + 24 * (7 + random() * 35)), outcome));
  return events;
}

/** A population's events, each person's in their own order, people interleaved by event time. */
export function population(options: PopulationOptions): ProjectedEvent[] {
  const random = seededRandom(options.seed);
  const numbers = testNhsNumbers(options.firstNhsNumber ?? 0);
  const events: ProjectedEvent[] = [];
  for (let i = 0; i < options.persons; i += 1) {
    const next = numbers.next();
    if (next.done === true) throw new RangeError('ran out of test NHS numbers');
    const admittedAt = options.start.getTime() + random() * options.spreadHours * HOUR;
    events.push(...storyOf(next.value, random, admittedAt));
  }
  return events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
