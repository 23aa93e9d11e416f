import type { DeadLetterEvent } from '@homefirst/schemas';
import { matchesDeadLetter } from './filter';
import { formatDeadLetterShow, formatDeadLetterTable, inputText } from './format';

const letter = (over: Partial<DeadLetterEvent['payload']> = {}, channel = 'HL7V2'): DeadLetterEvent => ({
  eventId: 'dl-1',
  type: 'MessageDeadLettered',
  occurredAt: new Date('2026-12-01T10:00:00Z'),
  recordedAt: new Date('2026-12-01T10:00:00Z'),
  source: {
    channel: channel as DeadLetterEvent['source']['channel'],
    system: 'PAS',
    orgCode: 'RXN',
    messageId: 'M1',
  },
  personKey: null,
  correlationId: 'c',
  payload: {
    stage: 'VALIDATE',
    errorCode: 'HL7_NHS_NUMBER_TEST_RANGE',
    reason: 'PID-3: an NHS number in the 999 test range',
    retriable: false,
    contentType: 'x-application/hl7-v2+er7',
    input: Buffer.from('MSH|^~\\&|PAS|RXN\rPID|||9991234012^^^NHS^NH\r'),
    rawEventId: 'raw-1',
    originalTopic: null,
    originalPartition: null,
    originalOffset: null,
    ...over,
  },
});

describe('matchesDeadLetter', () => {
  it('matches every filter field, case-insensitively where people type', () => {
    const dl = letter();
    expect(matchesDeadLetter(dl, {})).toBe(true);
    expect(
      matchesDeadLetter(dl, { sender: 'rxn', code: 'hl7_nhs_number_test_range', stage: 'validate' }),
    ).toBe(true);
    expect(matchesDeadLetter(dl, { sender: 'PAS', reason: '999 TEST', source: 'hl7v2' })).toBe(true);
    expect(matchesDeadLetter(dl, { ids: new Set(['dl-1']) })).toBe(true);
    expect(matchesDeadLetter(dl, { from: Date.UTC(2026, 11, 1, 10), to: Date.UTC(2026, 11, 1, 11) })).toBe(
      true,
    );
  });

  it('refuses on any field that does not hold', () => {
    const dl = letter();
    expect(matchesDeadLetter(dl, { sender: 'RAJ' })).toBe(false);
    expect(matchesDeadLetter(dl, { code: 'OTHER' })).toBe(false);
    expect(matchesDeadLetter(dl, { reason: 'MRN' })).toBe(false);
    expect(matchesDeadLetter(dl, { stage: 'PARSE' })).toBe(false);
    expect(matchesDeadLetter(dl, { source: 'fhir' })).toBe(false);
    expect(matchesDeadLetter(dl, { from: Date.UTC(2026, 11, 1, 10, 0, 1) })).toBe(false);
    expect(matchesDeadLetter(dl, { to: Date.UTC(2026, 11, 1, 10) })).toBe(false);
    expect(matchesDeadLetter(dl, { ids: new Set(['dl-2']) })).toBe(false);
    expect(matchesDeadLetter(letter({}, 'COUNCIL_CSV'), { source: 'council' })).toBe(true);
  });
});

describe('dead-letter output', () => {
  it('lists without the payload (patient data), and shows the reason then the payload one segment a line', () => {
    const table = formatDeadLetterTable([letter()]);
    expect(table).toContain('HL7_NHS_NUMBER_TEST_RANGE');
    expect(table).not.toContain('9991234012');
    expect(table.trim().split('\n').at(-1)).toBe('1 dead letter');
    const shown = formatDeadLetterShow(letter(), false);
    expect(shown).toContain('reason:      PID-3: an NHS number in the 999 test range');
    expect(shown.endsWith('MSH|^~\\&|PAS|RXN\nPID|||9991234012^^^NHS^NH\n')).toBe(true);
    expect(JSON.parse(formatDeadLetterShow(letter(), true))).toMatchObject({
      eventId: 'dl-1',
      inputEncoding: 'utf8',
      input: 'MSH|^~\\&|PAS|RXN\rPID|||9991234012^^^NHS^NH\r',
    });
  });

  it('shows input that is not UTF-8 as base64', () => {
    expect(inputText(Buffer.from([0xff, 0xfe, 0x00]))).toEqual({ encoding: 'base64', text: '//4A' });
  });
});
