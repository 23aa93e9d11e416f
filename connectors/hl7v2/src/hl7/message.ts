import { Hl7Message, type Hl7Context, type Hl7Field, type Hl7Segment } from '@medplum/core';
import { unescapeHl7 } from './escape';
import { Hl7ContentError } from './errors';
import { textForParsing } from './text';

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
const DEFAULT_ESCAPE = '\\';

/**
 * One parsed HL7 v2 message (ER7) with safe, unescaped access to its values. Parsing is @medplum/core's
 * `Hl7Message.parse`; this adds the checks a feed needs (an MSH first, well-formed segment names) and
 * accessors that never throw on a missing segment, field, repetition or component.
 */
export class Hl7Document {
  private constructor(readonly message: Hl7Message) {}

  /** Parses one message, or throws an Hl7ContentError (stage PARSE) saying what is wrong. */
  static parse(text: string): Hl7Document {
    const start = text.replace(/^\s+/, '');
    if (!start.startsWith('MSH') || start.length < 8) {
      throw new Hl7ContentError(
        'SEGMENT_SEQUENCE_ERROR',
        { segment: 'MSH' },
        'the message does not start with an MSH segment',
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
