import { councilSamples, hospitalSamples } from '@homefirst/schemas';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { eventFromJson, eventsFromNdjson } from './from-json';

// `homefirst project` reads events as `homefirst map` prints them: one JSON object a line, dates as ISO strings.

const asPrinted = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('events from JSON', () => {
  it.each(Object.values({ ...hospitalSamples, ...councilSamples }))(
    'reads back a printed $type exactly',
    (sample) => {
      expect(eventFromJson(asPrinted(sample))).toEqual({ kind: 'event', event: sample });
    },
  );

  it('accepts optional fields left out as null', () => {
    const p = new PersonStory(testNhsNumber(0));
    const printed = asPrinted(p.ready('2025-03-03T09:00:00Z')) as { payload: Record<string, unknown> };
    delete printed.payload.delay;
    const parsed = eventFromJson(printed);
    expect(
      parsed.kind === 'event' && parsed.event.type === 'DischargeReadyDeclared' && parsed.event.payload.delay,
    ).toBeNull();
  });

  it('names every problem of an invalid event', () => {
    const printed = asPrinted(hospitalSamples.DischargeReadyDeclared) as Record<string, unknown> & {
      payload: Record<string, unknown>;
    };
    printed.occurredAt = 'yesterday';
    printed.payload.proposedPathway = 'P9';
    printed.payload.nhsNumber = '9434765918';
    expect(eventFromJson(printed)).toEqual({
      kind: 'invalid',
      problems: [
        expect.stringMatching(/^occurredAt: /),
        expect.stringMatching(/^payload\.nhsNumber: must be a valid NHS number/),
        expect.stringMatching(/^payload\.proposedPathway: /),
      ],
    });
  });

  it('skips events of other topics and rejects unknown types', () => {
    expect(
      eventFromJson({ eventId: 'x', occurredAt: '2025-01-01T00:00:00Z', type: 'DischargeDeadlineBreached' }),
    ).toEqual({
      kind: 'skipped',
      type: 'DischargeDeadlineBreached',
    });
    expect(eventFromJson({ type: 'Nonsense' })).toMatchObject({ kind: 'invalid' });
  });

  it('reads NDJSON with line numbers, blank lines ignored, broken JSON reported', () => {
    const lines = [JSON.stringify(hospitalSamples.PatientAdmitted), '', '{not json'];
    const parsed = [...eventsFromNdjson(lines)];
    expect(parsed.map((item) => [item.line, item.parsed.kind])).toEqual([
      [1, 'event'],
      [3, 'invalid'],
    ]);
  });
});
