import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { hospitalTopic, type TopicName } from '@homefirst/schemas';
import {
  answersMutatedInTime,
  offlineCodec,
  type MutationOptions,
  roundTrip,
  utcInstantArbitrary,
} from '@homefirst/testing';
import { outcomeOf } from '../outcome/operation-outcome';
import {
  corpus,
  CORPUS_DIR,
  generatedAdmission,
  ORG,
  parse,
  personKey,
  RECEIVED_AT,
  testNhsNumbers,
} from '../testing/corpus';
import { mapOffline } from './map-submission';

// Property-based tests of FHIR parsing and Encounter/Bundle mapping (issue #12, "Keep it fixed"), as the
// feed checker and the live edge run them: generated valid submissions map to events the live codec
// encodes; mutated submissions map or are refused with a documented OperationOutcome (4xx) — never an
// internal error (500) — within a generous time per input size.

const HOSPITAL = hospitalTopic.name as TopicName;
const codec = offlineCodec();
const NHS_NUMBERS = testNhsNumbers(500);

/** Corpus submissions the hub takes whole (the invalid and malformed ones exist to be refused). */
const TEMPLATES = readdirSync(CORPUS_DIR)
  .filter((file) => file.endsWith('.json') && !file.includes('invalid'))
  .sort()
  .map((file) => corpus(file).toString('utf8'));

const ISO_DATE = /(?<=")(\d{4})-(\d{2})-(\d{2})(?=[T"])/g;
const TEST_NHS_NUMBER = /(?<!\d)999\d{7}(?!\d)/g;

/** Every date moved by whole days (times and offsets kept): the order of the facts stays as written. */
const shiftDays = (text: string, days: number): string =>
  text.replace(ISO_DATE, (_m, y: string, mo: string, d: string) =>
    new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)) + days * 86_400_000).toISOString().slice(0, 10),
  );

const fromCorpus = fc
  .record({
    template: fc.constantFrom(...TEMPLATES),
    person: fc.nat({ max: NHS_NUMBERS.length - 10 }),
    days: fc.integer({ min: -9_000, max: 3_650 }),
  })
  .map(({ template, person, days }) => {
    const numbers = new Map<string, string>();
    return shiftDays(template, days).replace(TEST_NHS_NUMBER, (nhs) => {
      if (!numbers.has(nhs)) numbers.set(nhs, NHS_NUMBERS[person + numbers.size] ?? nhs);
      return numbers.get(nhs) ?? nhs;
    });
  });

const instant = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) })
  .map((ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00'));

/** A generated inpatient admission, sometimes discharged at a later instant. */
const generated = fc
  .record({
    index: fc.nat({ max: 99_999 }),
    nhsNumber: fc.constantFrom(...NHS_NUMBERS),
    start: instant,
    stayMinutes: fc.option(fc.integer({ min: 1, max: 200 * 24 * 60 })),
  })
  .map(({ index, nhsNumber, start, stayMinutes }) => {
    const encounter = generatedAdmission(index, nhsNumber, start, 'identifier');
    if (stayMinutes === null) return JSON.stringify(encounter);
    const end = new Date(Date.parse(start) + stayMinutes * 60_000).toISOString();
    return JSON.stringify({ ...encounter, status: 'finished', period: { start, end } });
  });

const validSubmission = fc.oneof(fromCorpus, generated);

/** What `homefirst map fhir` and the live edge run for a body: parse, then map as for an unseen spell. */
const mapBody = (body: Buffer) =>
  mapOffline(parse(body), {
    orgCode: ORG,
    personKey,
    recordedAt: RECEIVED_AT,
    receivedAt: RECEIVED_AT,
    correlationId: 'corr-property',
  });

/** Mutated submissions map, or are refused with a documented 4xx OperationOutcome, in time. */
const mapsOrRefuses = (options: MutationOptions) =>
  answersMutatedInTime({
    valid: validSubmission,
    textOf: (text) => text,
    options,
    prepare: (body) => body,
    handle: (body) => {
      let refusal: { status: number; diagnostics: string | undefined } | null = null;
      let events: Awaited<ReturnType<typeof mapBody>>['events'] = [];
      try {
        events = mapBody(body).events;
      } catch (err) {
        const { status, outcome } = outcomeOf(err);
        refusal = { status, diagnostics: outcome.issue[0]?.diagnostics };
      }
      return { refusal, events };
    },
    check: async ({ refusal, events }, time) => {
      if (refusal !== null) expect(refusal.status).toBeLessThan(500);
      for (const event of events) await expect(roundTrip(codec, HOSPITAL, event)).resolves.toBeDefined();
      expect(time.elapsedMs).toBeLessThan(time.boundMs);
    },
  });

const anyInstant = utcInstantArbitrary(9999);

describe('FHIR parsing and mapping properties', () => {
  it('maps generated valid submissions to events the live codec encodes and decodes unchanged', async () => {
    let mapped = 0;
    await fc.assert(
      fc.asyncProperty(validSubmission, async (text) => {
        const submission = parse(Buffer.from(text, 'utf8'));
        expect(submission.entries.flatMap((entry) => entry.issues)).toEqual([]);
        const { events } = mapBody(Buffer.from(text, 'utf8'));
        for (const event of events) expect(await roundTrip(codec, HOSPITAL, event)).toEqual(event);
        mapped += events.length;
      }),
      { numRuns: 150, seed: 12 },
    );
    expect(mapped).toBeGreaterThan(100); // the generator makes submissions that carry events
  });

  it('maps mutated submissions or refuses them with a 4xx OperationOutcome (never a 500), in time', async () => {
    await fc.assert(mapsOrRefuses({ maxLong: 32_768 }), { numRuns: 300, seed: 12 });
  });

  it('maps or refuses submissions with hostile dates, deep nesting, long values and stretched words (never a 500), in time', async () => {
    await fc.assert(
      mapsOrRefuses({ maxLong: 32_768, kinds: ['date', 'swap-dates', 'nest', 'json-value', 'stretch'] }),
      {
        numRuns: 200,
        seed: 12,
      },
    );
  });

  it('never rewrites an admission time: period.start maps to the instant written, or is refused (4xx)', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...NHS_NUMBERS), ({ written, iso }, nhsNumber) => {
        const body = Buffer.from(JSON.stringify(generatedAdmission(1, nhsNumber, written, 'identifier')));
        let events: Awaited<ReturnType<typeof mapBody>>['events'];
        try {
          events = mapBody(body).events;
        } catch (err) {
          expect(outcomeOf(err).status).toBeLessThan(500);
          return;
        }
        expect(events.find((event) => event.type === 'PatientAdmitted')?.occurredAt.toISOString()).toBe(iso);
      }),
      { numRuns: 200, seed: 12 },
    );
  });
});
