import { Hl7ContentError } from './errors';
import { Hl7Document } from './message';
import { splitMessages, textForParsing } from './text';

// A run of line breaks followed by one character made `/[\r\n]+$/` retry the run from every position:
// 80,000 line feeds took 17 s. Each of these must answer in well under a second.
const elapsedMs = (work: () => unknown): number => {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

describe('message text from hostile frames, in linear time', () => {
  const header = 'MSH|^~\\&|PAS|RXN|HUB|HF|20250106092500||ADT^A01|1|P|2.4';

  it('splits a frame of 200,000 line breaks and one letter at once', () => {
    const frame = `${header}\r${'\n'.repeat(200_000)}x`;
    let messages = 0;
    expect(elapsedMs(() => (messages = splitMessages(frame).messages.length))).toBeLessThan(1_000);
    expect(messages).toBe(1);
  });

  it('prepares such a message for parsing at once', () => {
    const message = `${header}\r${'\r\n'.repeat(100_000)}x`;
    expect(elapsedMs(() => textForParsing(message, '\\'))).toBeLessThan(1_000);
  });
});

describe('messages no ADT feed sends are refused before parsing', () => {
  const header = 'MSH|^~\\&|PAS|RXN|HUB|HF|20250106092500||ADT^A01|1|P|2.4';

  it.each([
    ['60,000 segments', `${header}\r${'ZZZ|1\r'.repeat(60_000)}`, /more than 2000 line breaks/],
    [
      'a field of 900,000 component separators',
      `${header}\rPID|1||${'^'.repeat(900_000)}`,
      /more than 20000 field/,
    ],
  ])('given %s, then a parse error (AE) at once', (_what, text, reason) => {
    let thrown: unknown;
    const ms = elapsedMs(() => {
      try {
        Hl7Document.parse(text);
      } catch (err) {
        thrown = err;
      }
    });
    expect(thrown).toBeInstanceOf(Hl7ContentError);
    expect((thrown as Hl7ContentError).message).toMatch(reason);
    expect(ms).toBeLessThan(1_000);
  });
});

describe('the limits count what the message declares', () => {
  const header = 'MSH|^~\\&|PAS|RXN|HUB|HF|20250106092500||ADT^A01|1|P|2.4';
  const refusal = (text: string): string | undefined => {
    try {
      Hl7Document.parse(text);
      return undefined;
    } catch (err) {
      return err instanceof Hl7ContentError ? err.message : String(err);
    }
  };

  it('refuses one line break over 2,000 (CR or LF), not 2,000', () => {
    // The header's own line break counts: 1 + 1,999 segments' breaks.
    expect(refusal(`${header}\r${'ZZZ|1\r'.repeat(1_999)}ZZZ|1`)).toBeUndefined();
    expect(refusal(`${header}\r${'ZZZ|1\n'.repeat(2_000)}ZZZ|1`)).toMatch(/more than 2000 line breaks/);
  });

  it('counts the separators MSH-1 and MSH-2 declare, not the usual ones', () => {
    const starred = 'MSH|*~\\&|PAS|RXN|HUB|HF|20250106092500||ADT*A01|1|P|2.4';
    // Here `*` is the component separator and `^` plain text; the header and PID's own separators add under 20.
    expect(refusal(`${starred}\rPID|1||${'*'.repeat(20_001)}`)).toMatch(/more than 20000 field/);
    expect(refusal(`${starred}\rPID|1||${'^'.repeat(20_001)}`)).toBeUndefined();
    expect(refusal(`${header}\rPID|1||${'^'.repeat(19_980)}`)).toBeUndefined();
  });
});
