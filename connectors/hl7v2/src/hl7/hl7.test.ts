import { Hl7Context } from '@medplum/core';
import { formatHl7Utc, parseHl7DateTime } from './datetime';
import { escapeHl7, unescapeHl7 } from './escape';
import { Hl7ContentError } from './errors';
import { Hl7Document, repetitionCount, valueOf } from './message';
import { decodeBytes, splitMessages, textForParsing } from './text';

const context = new Hl7Context();

describe('escape sequences', () => {
  it.each([
    ['SMITH\\T\\JONES', 'SMITH&JONES'],
    ['A\\F\\B\\S\\C\\R\\D\\E\\E', 'A|B^C~D\\E'],
    ['FALL\\.br\\CONFUSION', 'FALL\nCONFUSION'],
    ['\\H\\URGENT\\N\\', 'URGENT'],
    ['CAF\\XC3A9\\', 'CAFé'],
    ['SI\\XC2\\N', 'SIÂN'],
    ['\\Zlocal\\X', 'X'],
    ['NO ESCAPES', 'NO ESCAPES'],
    ['LONE \\ BACKSLASH', 'LONE \\ BACKSLASH'],
  ])('decodes %s', (raw, text) => {
    expect(unescapeHl7(raw, context)).toBe(text);
  });

  it('escapes separators so the text survives a round trip', () => {
    const text = 'a|b^c~d\\e&f';
    expect(escapeHl7(text, context)).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f');
    expect(unescapeHl7(escapeHl7(text, context), context)).toBe(text);
  });
});

describe('HL7 date/times (UK civil time unless an offset is sent)', () => {
  const london = 'Europe/London';
  it.each([
    ['20250106093000', '2025-01-06T09:30:00.000Z', '2025-01-06', true], // GMT
    ['20250712143000', '2025-07-12T13:30:00.000Z', '2025-07-12', true], // BST
    ['202507121430', '2025-07-12T13:30:00.000Z', '2025-07-12', true],
    ['20250712', '2025-07-11T23:00:00.000Z', '2025-07-12', false], // midnight BST
    ['20250712143000.25', '2025-07-12T13:30:00.250Z', '2025-07-12', true],
    ['20250712143000+0000', '2025-07-12T14:30:00.000Z', '2025-07-12', true],
    ['20250712143000-0500', '2025-07-12T19:30:00.000Z', '2025-07-12', true],
    ['20251026013000', '2025-10-26T00:30:00.000Z', '2025-10-26', true], // clocks go back: the first (BST) 01:30
    ['20250330013000', '2025-03-30T01:30:00.000Z', '2025-03-30', true], // clocks go forward: 01:30 does not exist, read as 02:30 BST
    ['20240229', '2024-02-29T00:00:00.000Z', '2024-02-29', false],
  ])('reads %s as %s', (text, iso, day, hasTime) => {
    const parsed = parseHl7DateTime(text, london);
    expect(parsed?.at.toISOString()).toBe(iso);
    expect(parsed?.localDate).toBe(day);
    expect(parsed?.hasTime).toBe(hasTime);
  });

  it.each([
    '',
    '2025',
    '202501',
    '20251301',
    '20250230',
    '20250106250000',
    '20250106096000',
    'yesterday',
    '20250106 0930',
  ])('refuses %p', (text) => {
    expect(parseHl7DateTime(text, london)).toBeUndefined();
  });

  it('formats an instant in UTC with an explicit offset', () => {
    expect(formatHl7Utc(new Date('2025-07-12T13:30:05.000Z'))).toBe('20250712133005+0000');
  });
});

describe('bytes, batches and line ends', () => {
  it('decodes UTF-8, falls back to Latin-1 for bytes that are not UTF-8', () => {
    expect(decodeBytes(Buffer.from('SIÂN', 'utf8'))).toEqual({ text: 'SIÂN', encoding: 'utf-8' });
    expect(decodeBytes(Buffer.from('SIÂN', 'latin1'))).toEqual({ text: 'SIÂN', encoding: 'latin1' });
  });

  it('splits a batch into its messages, setting the wrappers aside', () => {
    const text = [
      'FHS|^~\\&|PAS',
      'BHS|^~\\&|PAS',
      'MSH|^~\\&|A',
      'PID|1',
      'MSH|^~\\&|B',
      'PID|2',
      'BTS|2',
      'FTS|1',
    ].join('\r');
    const split = splitMessages(text);
    expect(split.messages.map((m) => m.text)).toEqual(['MSH|^~\\&|A\rPID|1', 'MSH|^~\\&|B\rPID|2']);
    expect(split.batch).toBe(true);
    expect(split.fileHeader).toBe('FHS|^~\\&|PAS');
  });

  it('keeps CRLF and LF messages apart the same way, and reports text before the first MSH', () => {
    expect(splitMessages('junk\r\nMSH|^~\\&|A\r\nPID|1\r\n').messages.map((m) => m.text)).toEqual([
      'MSH|^~\\&|A\r\nPID|1',
    ]);
    expect(splitMessages('junk\nMSH|^~\\&|A\nPID|1\n').leading).toBe('junk');
  });

  it('protects a line feed inside a value when segments are CR-separated', () => {
    expect(textForParsing('MSH|^~\\&|A\rNTE|1||line one\nline two\r', '\\')).toBe(
      'MSH|^~\\&|A\rNTE|1||line one\\X0A\\line two',
    );
    const doc = Hl7Document.parse('MSH|^~\\&|A|B|C|D|20250101||ADT^A08|1|P|2.4\rNTE|1||line one\nline two');
    expect(doc.segmentNames).toEqual(['MSH', 'NTE']);
    expect(valueOf(doc.segment('NTE'), 3)).toBe('line one\nline two');
  });
});

describe('parsed messages (medplum) with safe access', () => {
  const doc = Hl7Document.parse(
    'MSH|^~\\&|PAS|RXN|HUB|HUB|20250101||ADT^A01|1|P|2.4\rPID|1||A^^^X^MR~B^^^NHS^NH~||""',
  );
  it('reads components, subcomponents and repetitions, missing parts as empty', () => {
    expect(valueOf(doc.segment('MSH'), 3)).toBe('PAS');
    expect(valueOf(doc.segment('MSH'), 9, 2)).toBe('A01');
    expect(valueOf(doc.segment('PID'), 3, 1, undefined, 1)).toBe('B');
    expect(valueOf(doc.segment('PID'), 3, 4, 1, 1)).toBe('NHS');
    expect(valueOf(doc.segment('PID'), 3, 1, undefined, 7)).toBe('');
    expect(valueOf(doc.segment('PID'), 40)).toBe('');
    expect(valueOf(doc.segment('PV1'), 3)).toBe('');
    expect(valueOf(doc.segment('PID'), 5)).toBe(''); // HL7 null ""
    expect(repetitionCount(doc.segment('PID'), 3)).toBe(3);
    expect(repetitionCount(doc.segment('PID'), 4)).toBe(0);
  });

  it.each([
    ['no MSH', 'PID|1||A'],
    ['a segment without a name', 'MSH|^~\\&|PAS|RXN\r|1|2'],
    ['an empty text', ''],
  ])('refuses %s with a PARSE content error', (_why, text) => {
    expect(() => Hl7Document.parse(text)).toThrow(Hl7ContentError);
    try {
      Hl7Document.parse(text);
    } catch (err) {
      expect((err as Hl7ContentError).stage).toBe('PARSE');
    }
  });
});
