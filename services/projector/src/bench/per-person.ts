import { performance } from 'node:perf_hooks';
import { emptyPerson, evolve } from '../person/evolve';
import type { ProjectedEvent } from '../person/journal';
import { deriveReadModels } from '../readmodels/derive';
import { peopleWithEvents } from '../testing/long-stay';

/**
 * Micro-benchmark (pure, no stack): the cost of one event — evolve + deriveReadModels, as the writer runs
 * them per event — for people with 10, 100 and 2,000 events each (`peopleWithEvents`: A08-heavy stays).
 * Each size projects about the same number of events in total; the baseline is the 10-event case of the
 * same run, so `ratio` near 1 means the cost of an event does not grow with its person's history.
 * `withJson…`: the same plus JSON.stringify of the person record and journey, which the Redis writer stores
 * on every write of a person today (the part of the live cost that still grows with the history).
 * Two mixes of updates (see `personWithEvents`): `a08`, what a PAS sends over a long stay, and `churn`,
 * where every update changes a fact a read model shows.
 * Usage: node dist/bench/per-person.js [--events 20000] [--sizes 10,100,2000] [--rounds 3]
 * Prints one JSON object.
 */

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};

const totalEvents = Number(argument('events') ?? 20_000);
const sizes = (argument('sizes') ?? '10,100,2000').split(',').map(Number);
const rounds = Number(argument('rounds') ?? 3);
const MIXES = ['a08', 'churn'] as const;

/**
 * Events per second of evolve + derive over `persons`, each person's events in order; with `serialise`, also
 * the JSON the writer stores per write of a person (the record and the journey), as it does today.
 */
function measure(persons: readonly (readonly ProjectedEvent[])[], serialise = false): number {
  let events = 0;
  let sink = 0;
  const started = performance.now();
  for (const personEvents of persons) {
    const first = personEvents[0];
    if (first === undefined) continue;
    let record = emptyPerson(first.personKey);
    for (const event of personEvents) {
      record = evolve(record, event);
      const derived = deriveReadModels(record);
      sink += derived.episodes.length;
      if (serialise) sink += JSON.stringify(record).length + JSON.stringify(derived.journey).length;
      events += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (sink < 0) throw new Error('unreachable'); // keeps the derivations from being optimised away
  return events / seconds;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function main(): void {
  const valid = Number.isFinite(totalEvents) && totalEvents >= 1 && rounds >= 1;
  if (!valid || sizes.some((size) => !(size >= 3))) {
    process.stderr.write('usage: per-person [--events N] [--sizes 10,100,2000] [--rounds R] (sizes ≥ 3)\n');
    process.exitCode = 2;
    return;
  }
  const cases = MIXES.flatMap((mix) =>
    sizes.map((size) => {
      const count = Math.max(1, Math.round(totalEvents / size));
      const persons = peopleWithEvents(count, size, { mix });
      return { mix, size, persons, events: count * size, rates: [] as number[], serialised: [] as number[] };
    }),
  );
  // Warm-up: a tenth of each case, so the JIT has seen every path; then the cases in turn, `rounds` times
  // (interleaved, so a noisy neighbour slows every case alike), and the median of each.
  for (const item of cases) measure(item.persons.slice(0, Math.max(1, Math.ceil(item.persons.length / 10))));
  for (let round = 0; round < rounds; round += 1) {
    for (const item of cases) {
      item.rates.push(measure(item.persons));
      item.serialised.push(measure(item.persons, true));
    }
  }
  const ratio = (value: number, baseline: number): number => Math.round((value / baseline) * 1000) / 1000;
  const results = cases.map(({ mix, size, events, rates, serialised }) => {
    const baseline = cases.find((other) => other.mix === mix && other.size === sizes[0]);
    const eventsPerSecond = median(rates);
    const withJson = median(serialised);
    return {
      mix,
      eventsPerPerson: size,
      events,
      eventsPerSecond: Math.round(eventsPerSecond),
      ratio: ratio(eventsPerSecond, median(baseline?.rates ?? [eventsPerSecond])),
      withJsonEventsPerSecond: Math.round(withJson),
      withJsonRatio: ratio(withJson, median(baseline?.serialised ?? [withJson])),
    };
  });
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'projector per-person cost (evolve + deriveReadModels per event)',
        baseline: `${sizes[0]} events per person, same mix, same run`,
        rounds,
        results,
      },
      null,
      2,
    )}\n`,
  );
}

main();
