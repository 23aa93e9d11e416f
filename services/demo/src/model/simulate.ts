import { EventQueue, PlacePool } from './des';
import type { Fact } from './facts';
import { runJourney, type CityContext } from './journey/stay';
import { days, hours, londonDate, londonHourOfDay } from './london-time';
import { cityDefaults, type CityParameters } from './parameters';
import { NhsNumberPool, drawPerson, type Person } from './people';
import { Random, derive } from './random';

export interface SimulationOptions {
  /** First instant of the simulated span the feed covers. */
  readonly start: Date;
  /** Length of the span, in days (fractions allowed). */
  readonly days: number;
  readonly seed: number;
  readonly parameters?: CityParameters;
}

export interface CitySimulation {
  readonly seed: number;
  readonly start: Date;
  readonly end: Date;
  /** Carried by every id (spells, referrals, messages): two runs with a different seed or start never collide. */
  readonly runTag: string;
  readonly parameters: CityParameters;
  /**
   * Time-ordered facts (ties in the order they happened): everything in [start, end), plus the earlier
   * history of journeys still open at `start` (so a hub that sees the feed from the beginning knows
   * everyone in hospital). Journeys that ended before `start` are left out.
   */
  readonly facts: readonly Fact[];
  /** Everyone who appears in `facts`, in order of first appearance in the simulation. */
  readonly people: readonly Person[];
  /** The P2 bed queue at `end`. */
  readonly reablementBeds: { readonly free: number; readonly waiting: number };
}

/**
 * The synthetic city: a pure, seeded discrete-event simulation. Same options → the same facts, to the
 * millisecond. The city starts empty `parameters.simulation.warmupDays` before `start`, so beds and
 * queues are at their usual level when the feed begins.
 */
export function simulate(options: SimulationOptions): CitySimulation {
  const params = options.parameters ?? cityDefaults;
  if (!(options.days > 0)) throw new RangeError('days must be above 0');
  const seed = options.seed >>> 0;
  const startMs = options.start.getTime();
  if (Number.isNaN(startMs)) throw new RangeError('start must be a valid date');
  const endMs = startMs + days(options.days);
  const warmStartMs = startMs - days(params.simulation.warmupDays);
  const runTag = runTagOf(seed, startMs);

  const queue = new EventQueue();
  const beds = new PlacePool(queue, params.p2.beds);
  const recorded: Fact[] = [];
  const journeys = new Map<string, { lastAt: number; closed: boolean }>();
  const people: Person[] = [];
  const nhsNumbers = new NhsNumberPool(Random.of(seed, 'nhs-numbers', runTag));
  const counters = { spell: 0, referral: 0, package: 0 };

  const ctx: CityContext = {
    params,
    seed,
    runTag,
    queue,
    beds,
    newPerson(random, older, at) {
      const person = drawPerson(random, people.length, nhsNumbers.next(), londonDate(new Date(at)), older);
      people.push(person);
      return person;
    },
    nextId(kind) {
      counters[kind] += 1;
      return `${kind === 'referral' ? 'R' : 'K'}${runTag}${String(counters[kind]).padStart(6, '0')}`;
    },
    record(fact) {
      recorded.push(fact);
      const journey = journeys.get(fact.journeyId);
      if (journey) journey.lastAt = Math.max(journey.lastAt, fact.at.getTime());
      else journeys.set(fact.journeyId, { lastAt: fact.at.getTime(), closed: false });
    },
    close(journeyId) {
      const journey = journeys.get(journeyId);
      if (journey) journey.closed = true;
    },
    readmit(person, at, previousSpellId) {
      if (at >= endMs) return;
      queue.at(at, () =>
        runJourney(ctx, { spellNo: counters.spell++, admitAt: at, person, readmissionOf: previousSpellId }),
      );
    },
  };

  for (const admitAt of admissionTimes(params, Random.of(seed, 'arrivals'), warmStartMs, endMs)) {
    queue.at(admitAt, () =>
      runJourney(ctx, { spellNo: counters.spell++, admitAt, person: null, readmissionOf: null }),
    );
  }
  queue.runUntil(endMs);

  const kept = recorded.filter((fact) => {
    const at = fact.at.getTime();
    if (at >= endMs) return false;
    if (at >= startMs) return true;
    const journey = journeys.get(fact.journeyId);
    return journey !== undefined && (journey.lastAt >= startMs || !journey.closed);
  });
  kept.sort((a, b) => a.at.getTime() - b.at.getTime()); // stable: ties keep the order they happened in
  const appearing = new Set(kept.map((fact) => fact.person.index));
  return {
    seed,
    start: new Date(startMs),
    end: new Date(endMs),
    runTag,
    parameters: params,
    facts: kept,
    people: people.filter((person) => appearing.has(person.index)),
    reablementBeds: { free: beds.available, waiting: beds.waitingCount },
  };
}

/**
 * Index admissions: a Poisson process with `perDay` per day on average, shaped over the day by the
 * hourly profile (non-homogeneous, drawn by thinning). Over whole days the count is Poisson with mean
 * perDay × days.
 */
export function admissionTimes(
  params: CityParameters,
  random: Random,
  fromMs: number,
  toMs: number,
): number[] {
  const profile = params.admissions.hourlyProfile;
  const mean = profile.reduce((sum, weight) => sum + weight, 0) / profile.length;
  const peak = Math.max(...profile);
  if (!(mean > 0)) return [];
  const ratePerHourAtPeak = (params.admissions.perDay / 24) * (peak / mean);
  const times: number[] = [];
  for (let t = fromMs; ;) {
    t += hours(random.exponential(1 / ratePerHourAtPeak));
    if (t >= toMs) return times;
    const weight = profile[Math.floor(londonHourOfDay(new Date(t))) % 24] ?? mean;
    if (random.chance(weight / peak)) times.push(t);
  }
}

/** Five base-36 characters from the seed and the start. */
export function runTagOf(seed: number, startMs: number): string {
  return derive(seed, 'run', startMs).toString(36).toUpperCase().padStart(7, '0').slice(-5);
}
