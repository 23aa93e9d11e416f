import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFeed, renderDelivery, resolveParameters, simulate } from '@homefirst/demo';
import { eventsFromNdjson, type ProjectedEvent } from '@homefirst/projector';
import { repoRoot } from '@homefirst/testing';

export interface DemoCityOptions {
  readonly start: Date;
  readonly days: number;
  readonly seed: number;
  /** Index admissions a day (the demo's default is a large trust's 150). */
  readonly admissionsPerDay: number;
  /** Days the city runs before `start` so beds and queues are at their usual level. */
  readonly warmupDays: number;
}

/** `homefirst map <source> <file>`: the events the connector maps the file to, as its live pipeline would. */
function mapped(source: 'hl7v2' | 'council', file: string): ProjectedEvent[] {
  const run = spawnSync(
    process.execPath,
    [join(repoRoot, 'services/cli/bin/homefirst.js'), 'map', source, file],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (run.status !== 0)
    throw new Error(`homefirst map ${source} exited ${String(run.status)}: ${run.stderr.slice(-2000)}`);
  const events: ProjectedEvent[] = [];
  for (const { line, parsed } of eventsFromNdjson(run.stdout.split('\n'))) {
    if (parsed.kind !== 'event') throw new Error(`homefirst map ${source}: line ${line} is not an event`);
    events.push(parsed.event);
  }
  return events;
}

/**
 * The demo city's hospital and council events (services/demo: the seeded simulation, its feed rendered as
 * HL7 v2 ADT and council records, mapped by the connectors' own `map` commands). Every patient goes through
 * HL7 (the FHIR edge maps one file per Bundle; its events have the same types) and no message is sent
 * malformed; a message the demo sends twice keeps its first copy, as the live connectors' dedupe does. In
 * order of occurrence. Test data only: every NHS number is in the 999 range.
 */
export function demoCityEvents(options: DemoCityOptions): ProjectedEvent[] {
  const parameters = resolveParameters({
    admissions: { perDay: options.admissionsPerDay },
    simulation: { warmupDays: options.warmupDays },
    feed: { hl7v2Share: 1, malformedShare: 0 },
  });
  const simulation = simulate({ start: options.start, days: options.days, seed: options.seed, parameters });
  const hl7: string[] = [];
  const council: string[] = [];
  for (const delivery of planFeed(simulation).deliveries) {
    const { body } = renderDelivery(delivery, parameters);
    if (delivery.channel === 'HL7V2') hl7.push(body);
    else if (delivery.channel === 'COUNCIL') council.push(body);
  }
  const dir = mkdtempSync(join(tmpdir(), 'demo-city-'));
  try {
    writeFileSync(join(dir, 'feed.hl7'), `${hl7.join('\r\n')}\r\n`);
    writeFileSync(join(dir, 'council.json'), `[${council.join(',')}]`);
    const seen = new Set<string>();
    return [...mapped('hl7v2', join(dir, 'feed.hl7')), ...mapped('council', join(dir, 'council.json'))]
      .filter((event) => !seen.has(event.eventId) && seen.add(event.eventId) !== undefined)
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
