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
