import fc from 'fast-check';
import { hospitalTopic, type TopicName } from '@homefirst/schemas';
import { answersMutatedInTime, offlineCodec, type MutationOptions, roundTrip } from '@homefirst/testing';
import { decodeBytes } from '../hl7/text';
import { corpusFiles, onTheWire } from '../testing/corpus';
import { given } from '../testing/scenario';
import { testNhsNumber } from '../testing/synthetic';

// Property-based tests of the ADT mapping (issue #12, "Keep it fixed"), through the live pipeline with
// memory in place of Kafka and Redis: generated valid messages map to events the live codec encodes, and
// mutated messages get AA or a documented AE — never an exception, never an AR for a fault of ours
// (207 application internal error) — within a generous time per input size.

const HOSPITAL = hospitalTopic.name as TopicName;
const codec = offlineCodec();

/** Corpus messages the hub accepts as they are (the malformed ones exist to be rejected). */
const TEMPLATES = corpusFiles()
  .filter((file) => !file.startsWith('malformed-'))
  .map((file) => ({ file, text: onTheWire(file) }));

/** HL7 TS values of 12 or 14 digits (times, not dates of birth) in a field or component. */
const TIMESTAMP = /(?<=[|^])(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?=[|^\r]|$)/g;
const TEST_NHS_NUMBER = /(?<!\d)999\d{7}(?!\d)/g;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Every time moved by whole days: the relative order and the local time of day stay as the corpus has them. */
const shiftDays = (text: string, days: number): string =>
  text.replace(TIMESTAMP, (_m, y: string, mo: string, d: string, h: string, mi: string, s?: string) => {
    const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)) + days * 86_400_000);
    const date = `${day.getUTCFullYear()}${pad(day.getUTCMonth() + 1)}${pad(day.getUTCDate())}`;
    return `${date}${h}${mi}${s ?? ''}`;
  });

/** A valid message: a corpus message with other test NHS numbers, control ids, names and dates. */
const validMessage = fc
  .record({
    template: fc.constantFrom(...TEMPLATES),
    person: fc.integer({ min: 0, max: 20_000 }),
    days: fc.integer({ min: -9_000, max: 3_650 }),
    controlId: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,19}$/),
    family: fc.stringMatching(/^[A-Z][A-Z' -]{0,30}[A-Z]$/),
  })
  .map(({ template, person, days, controlId, family }) => {
    const numbers = new Map<string, string>();
    const text = shiftDays(template.text, days)
      .replace(TEST_NHS_NUMBER, (nhs) => {
        if (!numbers.has(nhs)) numbers.set(nhs, testNhsNumber(person + numbers.size * 20_001));
        return numbers.get(nhs) ?? nhs;
      })
      .replace(
        /^(MSH(?:\|[^|\r]*){8}\|)([^|\r]*)/gm,
        (_m, head: string, id: string) => `${head}${controlId}${id}`,
      )
      .replace(/^(PID(?:\|[^|\r]*){4}\|)([^|^\r]*)/gm, (_m, head: string) => `${head}${family}`);
    return { file: template.file, text };
  });

const handle = async (bytes: Buffer) => {
  const { text, encoding } = decodeBytes(bytes);
  return given().pipeline.handleText(text, encoding);
};

/** Mutated messages get AA with encodable events or a documented AE — never an AR for a fault of ours — in time. */
const acceptsOrRejects = (options: MutationOptions) =>
  answersMutatedInTime({
    valid: validMessage,
    textOf: ({ text }) => text,
    options,
    prepare: (bytes) => bytes,
    handle,
    check: async (results, time) => {
      for (const result of results) {
        expect({ ack: result.ack.code, condition: result.ack.error?.condition }).not.toMatchObject({
          ack: 'AR',
        });
        if (result.ack.code === 'AA')
          for (const event of result.events)
            await expect(roundTrip(codec, HOSPITAL, event)).resolves.toBeDefined();
      }
      expect(time.elapsedMs).toBeLessThan(time.boundMs);
    },
  });

/** A calendar instant anywhere in years 1–9999 (hours kept clear of the clock changes), and its UTC milliseconds. */
const anyInstant = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 3, max: 22 }),
    minute: fc.integer({ min: 0, max: 59 }),
  })
  .map(({ year, month, day, hour, minute }) => {
    const at = new Date(Date.UTC(2000, month - 1, day, hour, minute));
    at.setUTCFullYear(year);
    return {
      ts: `${pad(year, 4)}${pad(month)}${pad(day)}${pad(hour)}${pad(minute)}00+0000`,
      iso: at.toISOString(),
    };
  });

describe('ADT mapping properties', () => {
  it('maps generated valid messages to AA and events the live codec encodes and decodes unchanged', async () => {
    let mapped = 0;
    await fc.assert(
      fc.asyncProperty(validMessage, async ({ text }) => {
        const results = await handle(Buffer.from(text, 'utf8'));
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) {
          expect({ ack: result.ack.code, reason: result.ack.error?.reason }).toEqual({
            ack: 'AA',
            reason: undefined,
          });
          for (const event of result.events) expect(await roundTrip(codec, HOSPITAL, event)).toEqual(event);
          mapped += result.events.length;
        }
      }),
      { numRuns: 150, seed: 12 },
    );
    expect(mapped).toBeGreaterThan(100); // the generator makes messages that carry events, not only headers
  });

  it('answers mutated messages with AA or a documented AE (never an exception or an internal error), in time', async () => {
    await fc.assert(acceptsOrRejects({ maxLong: 32_768 }), { numRuns: 300, seed: 12 });
  });

  it('answers messages with hostile dates, numbers and segments with AA or a documented AE, in time', async () => {
    await fc.assert(
      acceptsOrRejects({ maxLong: 32_768, kinds: ['date', 'swap-dates', 'number', 'line', 'insert'] }),
      { numRuns: 200, seed: 12 },
    );
  });

  it('never rewrites an admission time: PV1-44 maps to the instant written, or the message is refused (AE)', async () => {
    const admission = onTheWire('a01-emergency-admission.hl7');
    await fc.assert(
      fc.asyncProperty(anyInstant, async ({ ts, iso }) => {
        const text = admission.replace(/^(PV1(?:\|[^|\r]*){43}\|)\d+/m, `$1${ts}`);
        const [result] = await handle(Buffer.from(text, 'utf8'));
        if (result?.ack.code === 'AE') return;
        const admitted = result?.events.find((event) => event.type === 'PatientAdmitted');
        expect(admitted?.occurredAt.toISOString()).toBe(iso);
      }),
      { numRuns: 200, seed: 12 },
    );
  });
});
