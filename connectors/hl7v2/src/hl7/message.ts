import { Hl7Message, type Hl7Context, type Hl7Field, type Hl7Segment } from '@medplum/core';
import { unescapeHl7 } from './escape';
import { Hl7ContentError } from './errors';
import { textForParsing } from './text';

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
const DEFAULT_ESCAPE = '\\';

/**
 * More line breaks than any ADT message has (one per segment, a few in free text): a message over it is
 * refused before parsing, which would cost ~0.1 s per megabyte of breaks and hold the event loop.
 */
export const MAX_LINE_BREAKS = 2_000;

/** More field, component, repetition and subcomponent separators than any ADT message has (~50 segments). */
export const MAX_SEPARATORS = 20_000;

function countBeyondSlowly(text: string, chars: string, limit: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) if (chars.includes(text.charAt(i)) && ++count > limit) return true;
  return false;
}

/**
 * Whether `text` has more than `limit` of the characters in `chars` (four or fewer: a message's separators,
 * or its line breaks; more are counted slowly), stopping once past it. It runs on every message, so it
 * compares character codes: a `chars.includes` per character took ~30 µs of an ADT message's ~90 µs parse.
 */
function countBeyond(text: string, chars: string, limit: number): boolean {
  if (chars.length > 4) return countBeyondSlowly(text, chars, limit);
  const [a = -1, b = -1, c = -1, d = -1] = Array.from(chars, (char) => char.charCodeAt(0));
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code === a || code === b || code === c || code === d) && ++count > limit) return true;
  }
  return false;
}

/**
 * One parsed HL7 v2 message (ER7) with safe, unescaped access to its values. Parsing is @medplum/core's
 * `Hl7Message.parse`; this adds the checks a feed needs (an MSH first, well-formed segment names) and
 * accessors that never throw on a missing segment, field, repetition or component.
 */
export class Hl7Document {
  private constructor(readonly message: Hl7Message) {}

  /** Parses one message, or throws an Hl7ContentError (stage PARSE) saying what is wrong. */
  static parse(text: string): Hl7Document {
    const start = text.trimStart();
    if (!start.startsWith('MSH') || start.length < 8) {
      throw new Hl7ContentError(
        'SEGMENT_SEQUENCE_ERROR',
        { segment: 'MSH' },
        'the message does not start with an MSH segment',
        'PARSE',
      );
    }
    if (countBeyond(start, '\r\n', MAX_LINE_BREAKS)) {
      throw new Hl7ContentError(
        'SEGMENT_SEQUENCE_ERROR',
        null,
        `the message has more than ${MAX_LINE_BREAKS} line breaks (segments); no ADT message has so many`,
        'PARSE',
      );
    }
    // MSH-1 and MSH-2: the field separator and the component, repetition, escape, subcomponent characters.
    const separators = `${start.charAt(3)}${start.slice(4, 8).replace(start.charAt(6), '')}`;
    if (countBeyond(start, separators, MAX_SEPARATORS)) {
      throw new Hl7ContentError(
        'SEGMENT_SEQUENCE_ERROR',
        null,
        `the message has more than ${MAX_SEPARATORS} field, component and repetition separators; no ADT message has so many`,
        'PARSE',
      );
    }
    const escape = start.charAt(6) || DEFAULT_ESCAPE;
    let message: Hl7Message;
    try {
      message = Hl7Message.parse(textForParsing(start, escape));
    } catch (cause) {
      throw new Hl7ContentError(
        'SEGMENT_SEQUENCE_ERROR',
        { segment: 'MSH' },
        'the message cannot be parsed',
        'PARSE',
        cause,
      );
    }
    const badAt = message.segments.findIndex((segment) => !SEGMENT_NAME.test(segment.name));
    if (badAt >= 0) {
      throw new Hl7ContentError(
        'SEGMENT_SEQUENCE_ERROR',
        null,
        `segment ${badAt + 1} does not start with a segment name (three capitals or digits)`,
        'PARSE',
      );
    }
    return new Hl7Document(message);
  }

  get context(): Hl7Context {
    return this.message.context;
  }

  /** The first segment of that name. */
  segment(name: string): Hl7Segment | undefined {
    return this.message.getSegment(name);
  }

  segments(name: string): Hl7Segment[] {
    return this.message.getAllSegments(name);
  }

  /** Segment names in order (for group-aware reading, e.g. A40's PID/MRG pairs). */
  get segmentNames(): readonly string[] {
    return this.message.segments.map((segment) => segment.name);
  }

  get allSegments(): readonly Hl7Segment[] {
    return this.message.segments;
  }
}

/** The field, or undefined when the segment is absent or shorter. */
export function fieldOf(segment: Hl7Segment | undefined, field: number): Hl7Field | undefined {
  if (segment === undefined) return undefined;
  // Medplum types the field as always there; past the end of the segment it is undefined.
  const value: Hl7Field | undefined = segment.getField(field);
  return value;
}

/** How many repetitions a field has (0 when absent or empty). */
export function repetitionCount(segment: Hl7Segment | undefined, field: number): number {
  const value = fieldOf(segment, field);
  if (value === undefined) return 0;
  return value.components.length === 1 && value.toString() === '' ? 0 : value.components.length;
}

/**
 * A value, unescaped and trimmed: component and subcomponent are 1-based (as in PID-3.4.1), repetition
 * 0-based. Empty string when any part is absent. HL7's explicit null `""` reads as empty too.
 */
export function valueOf(
  segment: Hl7Segment | undefined,
  field: number,
  component = 1,
  subcomponent?: number,
  repetition = 0,
): string {
  const value = fieldOf(segment, field);
  if (value === undefined || repetition >= value.components.length) return '';
  const raw = value.getComponent(
    component,
    subcomponent === undefined ? undefined : subcomponent - 1,
    repetition,
  );
  const text = unescapeHl7(raw, value.context).trim();
  return text === '""' ? '' : text;
}
