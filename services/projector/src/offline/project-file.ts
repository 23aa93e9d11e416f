import type { readModels } from '@homefirst/schemas';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { eventsFromNdjson } from '../events/from-json';
import { renderReadModels, type RenderedReadModels } from '../readmodels/snapshot';
import { MemoryProjection } from './project';

type ViewConfig = readModels.ViewConfig;

export interface FileProjection {
  readonly readModels: RenderedReadModels;
  readonly input: { readonly events: number; readonly skipped: number; readonly invalid: number };
  /** Lines that are not valid events, with what is wrong (field paths, never values). */
  readonly problems: readonly { readonly line: number; readonly problems: readonly string[] }[];
}

async function* linesOf(path: string): AsyncGenerator<string> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) yield line;
}

/**
 * `homefirst project <events.ndjson>`: the live projections, pure, over a file of events as the
 * connectors' `map` commands print them. Lines are applied in chunks so a large file streams.
 */
export async function projectFile(path: string, now: Date, config: ViewConfig): Promise<FileProjection> {
  const projection = new MemoryProjection();
  const problems: { line: number; problems: readonly string[] }[] = [];
  let events = 0;
  let skipped = 0;
  let chunk: string[] = [];
  let offset = 0;
  const flush = (): void => {
    const parsedEvents = [];
    for (const { line, parsed } of eventsFromNdjson(chunk)) {
      if (parsed.kind === 'event') parsedEvents.push(parsed.event);
      else if (parsed.kind === 'skipped') skipped += 1;
      else problems.push({ line: offset + line, problems: parsed.problems });
    }
    events += parsedEvents.length;
    projection.apply(parsedEvents);
    offset += chunk.length;
    chunk = [];
  };
  for await (const line of linesOf(path)) {
    chunk.push(line);
    if (chunk.length >= 10_000) flush();
  }
  flush();
  return {
    readModels: renderReadModels(projection.snapshot(), now, config),
    input: { events, skipped, invalid: problems.length },
    problems,
  };
}
