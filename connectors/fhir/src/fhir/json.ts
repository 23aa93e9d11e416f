import { UnparseableError } from '../errors';

/**
 * Request bytes as JSON, with the limits that keep a hostile body from costing more than its size: a nesting
 * depth checked by one iterative pass before anything parses or recurses (zod's recursive extension schema,
 * JSON.stringify), and no text of the body in any error (V8's parse messages quote it). A UTF-8 byte-order
 * mark, which some Windows interface engines write, is skipped.
 */

/** Deepest nesting of objects and arrays accepted; a FHIR resource the hub reads nests about 12 deep. */
export const MAX_JSON_DEPTH = 64;

const BOM = '\uFEFF';

/** The body as text, without a leading byte-order mark. */
export const textOf = (body: Buffer): string => {
  const text = body.toString('utf8');
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
};

/**
 * How deeply `text` nests objects and arrays, scanning at most until `limit` is passed: one pass, no
 * recursion, strings (and escapes in them) skipped. Malformed JSON is left for the parser to name.
 */
export function nestingDepthOf(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return deepest;
}

/** Where V8 says the JSON went wrong, without the excerpt of the body its message also quotes. */
const positionIn = (message: string): string => {
  const match = / in JSON at position (\d{1,10})(?: \(line (\d{1,10}) column (\d{1,10})\))?$/.exec(message);
  if (!match) return '';
  return match[2] !== undefined && match[3] !== undefined
    ? ` (line ${match[2]}, column ${match[3]})`
    : ` (at character ${match[1] ?? ''})`;
};

/** Parses request text as JSON within MAX_JSON_DEPTH; the error names the rule, never the body's text. */
export function parseJson(text: string): unknown {
  if (nestingDepthOf(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new UnparseableError(
      `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the hub's limit); a FHIR resource needs far fewer`,
    );
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const where = err instanceof SyntaxError ? positionIn(err.message) : '';
    // No `cause`: V8's message quotes the body, and loggers print causes.
    throw new UnparseableError(`The body is not valid JSON${where}`);
  }
}
