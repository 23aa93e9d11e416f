import type { ValidationIssue } from '@homefirst/runtime';

/**
 * How deep council JSON may nest. The record format is flat: `{ "records": [ { …fields… } ] }` is three
 * levels, so 32 is generous — and it keeps every later step (validation, mapping, JSON.stringify of the
 * raw record) far from the call-stack limit, which a body of a few thousand `[` would otherwise reach.
 */
export const MAX_JSON_DEPTH = 32;

/** Stable codes of an unreadable JSON body or file (REST problem `errors`, feed-checker rejections). */
export const JSON_ERROR_CODES = {
  TOO_DEEP: 'COUNCIL_JSON_TOO_DEEP',
  UNREADABLE: 'COUNCIL_JSON_UNREADABLE',
} as const;

export type JsonBody =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly code: (typeof JSON_ERROR_CODES)[keyof typeof JSON_ERROR_CODES];
      /** Names the body and the rule broken, with where (line/column) when known; never a piece of the text. */
      readonly issue: ValidationIssue;
    };

const BOM = 0xfeff;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** Line and column (both from 1) of a character offset, counting LF, CRLF and CR as line breaks. */
export function lineColumnOf(
  text: string,
  offset: number,
): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Where the text first nests deeper than `limit` (a character offset), or -1. One loop over the text, no
 * recursion and no allocation: brackets inside strings do not count.
 */
export function offsetBeyondDepth(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) return i;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return -1;
}

/** V8 names a position for some syntax errors ("… in JSON at position 17"); the rest of its message quotes the text. */
const positionOf = (err: unknown): number | undefined => {
  const match = err instanceof Error ? /\bat position (\d+)/.exec(err.message) : null;
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

/**
 * Parses council JSON (a REST body or a feed file): a UTF-8 byte-order mark is allowed and dropped,
 * nesting beyond MAX_JSON_DEPTH is refused before parsing, and a syntax error is described without the
 * parser's own message, which quotes the text (and so possibly a name or an NHS number).
 */
export function parseCouncilJson(input: string | Buffer, maxDepth = MAX_JSON_DEPTH): JsonBody {
  const decoded = typeof input === 'string' ? input : input.toString('utf8');
  const text = decoded.charCodeAt(0) === BOM ? decoded.slice(1) : decoded;
  const tooDeep = offsetBeyondDepth(text, maxDepth);
  if (tooDeep >= 0) {
    const { line, column } = lineColumnOf(text, tooDeep);
    return {
      ok: false,
      code: JSON_ERROR_CODES.TOO_DEEP,
      issue: {
        path: 'body',
        message: `nests deeper than ${maxDepth} levels, the limit (line ${line}, column ${column}); council records are flat objects`,
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const position = positionOf(err);
    const at = position === undefined ? undefined : lineColumnOf(text, position);
    const where = at === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
    return {
      ok: false,
      code: JSON_ERROR_CODES.UNREADABLE,
      issue: { path: 'body', message: `is not valid JSON${where}` },
    };
  }
}
