import type { Hl7Context } from '@medplum/core';

/**
 * HL7 v2 escape sequences (v2.5 section 2.7). @medplum/core splits fields, repetitions, components and
 * subcomponents but leaves escape sequences as sent, so values are decoded here, after splitting —
 * an escape sequence never contains a separator, which is why that order is right.
 *
 *   \F\ field separator   \S\ component separator   \T\ subcomponent separator
 *   \R\ repetition separator   \E\ escape character   \Xhh…\ hexadecimal bytes (UTF-8, else Latin-1)
 *   \.br\ line break; \H\ \N\ (highlighting), \.sp…\ \.in…\ … (formatting), \C…\ \M…\ (character-set
 *   switches) and \Z…\ (locally defined) carry no text and are dropped.
 */
export function unescapeHl7(value: string, context: Hl7Context): string {
  const esc = context.escapeCharacter;
  if (esc === '' || !value.includes(esc)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf(esc, i);
    if (start < 0) {
      out += value.slice(i);
      break;
    }
    const end = value.indexOf(esc, start + 1);
    if (end < 0) {
      // A lone escape character: keep it as sent rather than guess.
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    out += decodeSequence(value.slice(start + 1, end), context) ?? value.slice(start, end + 1);
    i = end + 1;
  }
  return out;
}

function decodeSequence(body: string, context: Hl7Context): string | undefined {
  switch (body) {
    case 'F':
      return context.fieldSeparator;
    case 'S':
      return context.componentSeparator;
    case 'T':
      return context.subcomponentSeparator;
    case 'R':
      return context.repetitionSeparator;
    case 'E':
      return context.escapeCharacter;
    case 'H':
    case 'N':
      return '';
    case '.br':
      return '\n';
    default:
      break;
  }
  if (body.startsWith('X') && /^X(?:[0-9A-Fa-f]{2})+$/.test(body)) return decodeHex(body.slice(1));
  if (/^(?:\.(?:sp|in|ti|sk|ce|fi|nf)|[CMZ])/.test(body)) return '';
  return undefined;
}

function decodeHex(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * Escapes text for one HL7 component (ACK texts, and the sender's own header values echoed in the ACK):
 * separators and the escape character as \F\ \S\ \T\ \R\ \E\, line breaks as a space, and every other
 * control character as \Xhh\ — so no value can put a segment break or an MLLP frame byte (0x0B, 0x1C)
 * into the ACK.
 */
export function escapeHl7(text: string, context: Hl7Context): string {
  const esc = context.escapeCharacter;
  const replacements: ReadonlyArray<readonly [string, string]> = [
    [esc, 'E'],
    [context.fieldSeparator, 'F'],
    [context.componentSeparator, 'S'],
    [context.subcomponentSeparator, 'T'],
    [context.repetitionSeparator, 'R'],
  ];
  let out = '';
  for (const char of text.replace(/[\r\n]+/g, ' ')) {
    const hit = replacements.find(([separator]) => separator === char);
    if (hit) out += `${esc}${hit[1]}${esc}`;
    else if (/\p{Cc}/u.test(char))
      out += `${esc}X${char.codePointAt(0)?.toString(16).toUpperCase().padStart(2, '0') ?? ''}${esc}`;
    else out += char;
  }
  return out;
}
