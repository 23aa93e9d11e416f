import { performance } from 'node:perf_hooks';
import { emptyPerson, evolve } from '../person/evolve';
import type { ProjectedEvent } from '../person/journal';
import { deriveReadModels } from '../readmodels/derive';
import { personWithEvents } from '../testing/long-stay';

/**
 * Micro-benchmark (pure, no stack): the cost of one event — evolve + deriveReadModels, as the writer runs
 * them per event — for people with 10, 100 and 2,000 events each (`personWithEvents`, an A08-heavy stay).
 * Each size projects about the same number of events in total; the baseline is the 10-event case of the
 * same run, so `ratio` near 1 means the cost of an event does not grow with its person's history.
 * Usage: node dist/bench/per-person.js [--events 20000] [--sizes 10,100,2000]
 * Prints one JSON object.
 */

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};

const totalEvents = Number(argument('events') ?? 20_000);
const sizes = (argument('sizes') ?? '10,100,2000').split(',').map(Number);

/** Events per second of evolve + derive over `persons`, each person's events in order. */
function measure(persons: readonly (readonly ProjectedEvent[])[]): {
  events: number;
  eventsPerSecond: number;
} {
  let events = 0;
  let sink = 0;
  const started = performance.now();
  for (const personEvents of persons) {
    const first = personEvents[0];
    if (first === undefined) continue;
    let record = emptyPerson(first.personKey);
    for (const event of personEvents) {
      record = evolve(record, event);
      sink += deriveReadModels(record).episodes.length;
      events += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (sink < 0) throw new Error('unreachable'); // keeps the derivations from being optimised away
  return { events, eventsPerSecond: Math.round(events / seconds) };
}

function main(): void {
  if (!Number.isFinite(totalEvents) || totalEvents < 1 || sizes.some((size) => !(size >= 3))) {
    process.stderr.write('usage: per-person [--events N] [--sizes 10,100,2000] (sizes ≥ 3)\n');
    process.exitCode = 2;
    return;
  }
  const populations = sizes.map((size) => {
    const count = Math.max(1, Math.round(totalEvents / size));
    return Array.from({ length: count }, (_, index) =>
      personWithEvents(size, { person: 9000 + index, seed: index + 1 }),
    );
  });
  // Warm-up: one pass over a tenth of each population, so the JIT has seen every path.
  for (const persons of populations) measure(persons.slice(0, Math.max(1, Math.ceil(persons.length / 10))));
  const results = populations.map((persons, index) => ({
    eventsPerPerson: sizes[index],
    ...measure(persons),
  }));
  const baseline = results[0]?.eventsPerSecond ?? 1;
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'projector per-person cost (evolve + deriveReadModels per event)',
        baseline: `${sizes[0]} events per person`,
        results: results.map((result) => ({
          ...result,
          ratio: Math.round((result.eventsPerSecond / baseline) * 1000) / 1000,
        })),
      },
      null,
      2,
    )}\n`,
  );
}

main();
