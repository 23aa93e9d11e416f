import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { HubError } from '@homefirst/runtime';
import { councilTopic, type CouncilEvent, type TopicName } from '@homefirst/schemas';
import {
  answersMutatedInTime,
  eventFromJson,
  offlineCodec,
  roundTrip,
  type MutationOptions,
  utcInstantArbitrary,
} from '@homefirst/testing';
import { mapFeedLines } from '../testing/map-feed';
import { arthurPlacement, kennethOutOfOrder, margaretJourney, mosaicCsv } from '../testing/corpus';
import { CANONICAL_HEADER, syntheticRow, testNhsNumber } from '../testing/generate';
import { useTempDirPerTest } from '../testing/temp-dir';

// Property-based tests of the council record mapping (issue #12, "Keep it fixed"), through the feed checker
// `homefirst map council` runs (mapFeed: CSV column mappings and the record format, the live decoding and
// event mapping): generated valid files map to events the live codec encodes; mutated files map, or are
// refused with the documented rejection document (exit 1) or usage error — never another exception —
// within a generous time per input size.

const COUNCIL = councilTopic.name as TopicName;
const codec = offlineCodec();

interface Feed {
  readonly name: 'records.json' | 'export.csv';
  readonly text: string;
}

/** Dates move only back: the checker refuses facts dated more than a day in the future. */
const PAST_DAYS = fc.integer({ min: -9_000, max: 0 });

const TEST_NHS_NUMBER = /(?<!\d)999\d{7}(?!\d)/g;
const DATE = /(?<=^|[",])(\d{4})-(\d{2})-(\d{2})(?=[T ",]|$)/gm;

/** Every date moved by whole days (times and offsets kept): the order of the facts stays as written. */
const shiftDays = (text: string, days: number): string =>
  text.replace(DATE, (_m, y: string, mo: string, d: string) =>
    new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)) + days * 86_400_000).toISOString().slice(0, 10),
  );

const otherPeople = (text: string, person: number): string => {
  const numbers = new Map<string, string>();
  return text.replace(TEST_NHS_NUMBER, (nhs) => {
    if (!numbers.has(nhs)) numbers.set(nhs, testNhsNumber(person + numbers.size));
    return numbers.get(nhs) ?? nhs;
  });
};

const JOURNEYS: ReadonlyArray<readonly object[]> = [margaretJourney, arthurPlacement, kennethOutOfOrder];

const recordsFile = fc
  .record({
    journeys: fc.subarray([...JOURNEYS], { minLength: 1 }),
    person: fc.nat({ max: 400_000 }),
    days: PAST_DAYS,
    tag: fc.stringMatching(/^[A-Z0-9]{1,8}$/),
  })
  .map(({ journeys, person, days, tag }): Feed => {
    const records = journeys
      .flat()
      .map((r) => ({ ...r, recordId: `${(r as { recordId: string }).recordId}-${tag}` }));
    return { name: 'records.json', text: shiftDays(otherPeople(JSON.stringify(records), person), days) };
  });

const canonicalCsv = fc
  .record({ rows: fc.integer({ min: 1, max: 24 }), tag: fc.stringMatching(/^[A-Z]{1,6}$/) })
  .map(({ rows, tag }): Feed => {
    const lines = Array.from({ length: rows }, (_, i) => syntheticRow(i + 1, { tag }));
    return { name: 'export.csv', text: [CANONICAL_HEADER, ...lines].join('\n') };
  });

const mosaicFile = fc
  .record({ person: fc.nat({ max: 400_000 }), days: PAST_DAYS })
  .map(({ person, days }): Feed => ({
    name: 'export.csv',
    text: shiftDays(otherPeople(mosaicCsv, person), days),
  }));

const validFeed = fc.oneof(recordsFile, canonicalCsv, mosaicFile);

const encodes = async (line: string): Promise<CouncilEvent> => {
  const event = eventFromJson(COUNCIL, JSON.parse(line)) as CouncilEvent;
  return (await roundTrip(codec, COUNCIL, event)) as CouncilEvent;
};

/**
 * The feed checker's documented refusals of a whole file thrown rather than reported: the hub's own errors
 * (a file it cannot read at all). Unreadable, too deep or badly quoted input is a rejection document.
 */
const isDocumentedRefusal = (err: unknown): boolean => err instanceof HubError;

const pastInstant = utcInstantArbitrary(2024);

describe('council record mapping properties', () => {
  let dir = '';
  useTempDirPerTest('council-property-', (path) => {
    dir = path;
  });

  /** Mutated files map, or are refused with the rejection document or a documented usage error, in time. */
  const mapsOrRefuses = (options: MutationOptions) =>
    answersMutatedInTime({
      valid: validFeed,
      textOf: (feed) => feed.text,
      options,
      prepare: async (bytes, feed) => {
        const file = join(dir, feed.name);
        await writeFile(file, bytes);
        return file;
      },
      handle: async (file): Promise<{ code: number; lines: string[] } | { thrown: string }> => {
        try {
          return await mapFeedLines(file);
        } catch (err) {
          if (!isDocumentedRefusal(err)) throw err;
          return { thrown: (err as Error).name };
        }
      },
      check: async (outcome, time) => {
        if ('code' in outcome && outcome.code === 1) {
          expect(outcome.lines).toHaveLength(1);
          expect(JSON.parse(outcome.lines[0] ?? '')).toMatchObject({ status: 'rejected' });
        }
        if ('code' in outcome && outcome.code === 0) for (const line of outcome.lines) await encodes(line);
        expect(time.elapsedMs).toBeLessThan(time.boundMs);
      },
    });

  it('maps generated valid files to events the live codec encodes and decodes unchanged', async () => {
    let mapped = 0;
    await fc.assert(
      fc.asyncProperty(validFeed, async (feed) => {
        const file = join(dir, feed.name);
        await writeFile(file, feed.text);
        const { code, lines } = await mapFeedLines(file);
        expect({ code, first: code === 0 ? null : lines[0] }).toEqual({ code: 0, first: null });
        for (const line of lines)
          expect(await encodes(line)).toEqual(eventFromJson(COUNCIL, JSON.parse(line)));
        mapped += lines.length;
      }),
      { numRuns: 60, seed: 12 },
    );
    expect(mapped).toBeGreaterThan(60);
  });

  it('maps mutated files or refuses them as documented (never another exception), in time', async () => {
    await fc.assert(mapsOrRefuses({ maxLong: 32_768 }), { numRuns: 150, seed: 12 });
    // 150 files: jest's 5 s default ran out on a loaded 2-core machine; each file keeps its own time bound.
  }, 30_000);

  it('maps or refuses files with a BOM, deep nesting, broken quoting and hostile dates, in time', async () => {
    await fc.assert(mapsOrRefuses({ maxLong: 32_768, kinds: ['bom', 'nest', 'insert', 'date', 'line'] }), {
      numRuns: 200,
      seed: 12,
    });
  }, 30_000);

  it('never rewrites a time: occurredAt maps to the instant written, or the record is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(pastInstant, async ({ written, iso }) => {
        const file = join(dir, 'records.json');
        await writeFile(file, JSON.stringify([{ ...margaretJourney[0], occurredAt: written }]));
        const { code, lines } = await mapFeedLines(file);
        if (code === 1) return;
        expect(lines.map((line) => (JSON.parse(line) as { occurredAt: unknown }).occurredAt)).toEqual([iso]);
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});
