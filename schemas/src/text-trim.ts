/**
 * Trims characters from the ends of a string in linear time. A regex such as `/[\r\n]+$/` is quadratic
 * on input like 80,000 line breaks followed by one letter (it retries the run from every position) —
 * 17 s on an MLLP frame — so input-facing code trims with these instead.
 */

/** `text` without the characters of `chars` at its end. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the characters of `chars` at its start. */
export function trimStartOf(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text.charAt(start))) start += 1;
  return start === 0 ? text : text.slice(start);
}

/** Carriage returns and line feeds. */
export const LINE_BREAKS = '\r\n';

/** One line of a text with its line break (CR, LF or CRLF; none on the last line), and where it starts. */
export interface LineWithBreak {
  readonly line: string;
  readonly index: number;
}

/** The lines of `text`, each with its own line break, in one linear pass. */
export function* linesWithBreaks(text: string): Generator<LineWithBreak> {
  let start = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && text.charAt(end) !== '\r' && text.charAt(end) !== '\n') end += 1;
    if (text.charAt(end) === '\r' && text.charAt(end + 1) === '\n') end += 2;
    else if (end < text.length) end += 1;
    yield { line: text.slice(start, end), index: start };
    start = end;
  }
}
