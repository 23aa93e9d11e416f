import { trimEndOf } from '@homefirst/runtime';
import { Hl7Context, Hl7Message, Hl7Segment } from '@medplum/core';
import { formatHl7Utc } from '../hl7/datetime';
import { escapeHl7 } from '../hl7/escape';
import { HL7_CONDITIONS, type Hl7Condition, type Hl7Location } from '../hl7/errors';
import type { AckHeader } from '../mapping/header';

/** MSA-1: AA accepted · AE error in the content (the sender fixes it) · AR rejected for now (the sender retries). */
export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckError {
  readonly condition: Hl7Condition;
  readonly location: Hl7Location | null;
  /** Why, without patient identifiers. */
  readonly reason: string;
}

export interface Acknowledgement {
  readonly code: AckCode;
  /** MSA-3 text. */
  readonly text: string;
  readonly error: AckError | null;
}

/** MSA-3 is ST(80) before v2.5: keep every version's ACK valid. */
const MSA_TEXT_MAX = 80;

const versionAtLeast = (version: string, major: number, minor: number): boolean => {
  const [a, b] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (a === undefined || Number.isNaN(a)) return true;
  return a > major || (a === major && (b ?? 0) >= minor);
};

function contextOf(header: AckHeader): Hl7Context {
  const [component = '^', repetition = '~', escape = '\\', subcomponent = '&'] = header.encodingCharacters;
  return new Hl7Context('\r', header.fieldSeparator, component, repetition, escape, subcomponent);
}

/**
 * The HL7 ACK for a message (ER7, segments separated by CR): MSH with sender and receiver swapped, the
 * incoming version and processing id; MSA with the code, MSH-10 echoed and a short text; for AE/AR an ERR
 * segment with the HL7 condition code (table 0357) and the location, in the layout of the message's
 * version (ERR-1 up to v2.4, ERR-2/3/4/8 from v2.5).
 */
export function buildAck(header: AckHeader, ack: Acknowledgement, now: Date, ackControlId: string): string {
  const context = contextOf(header);
  const c = context.componentSeparator;
  const s = context.subcomponentSeparator;
  const esc = (text: string): string => escapeHl7(text, context);
  const messageType =
    header.trigger === ''
      ? 'ACK'
      : versionAtLeast(header.version, 2, 4)
        ? `ACK${c}${esc(header.trigger)}${c}ACK`
        : `ACK${c}${esc(header.trigger)}`;
  const segments = [
    new Hl7Segment(
      [
        'MSH',
        context.getMsh2(),
        esc(header.receivingApplication || 'HOMEFIRST'),
        esc(header.receivingFacility || 'HOMEFIRST'),
        esc(header.sendingApplication),
        esc(header.sendingFacility),
        formatHl7Utc(now),
        '',
        messageType,
        esc(ackControlId),
        esc(header.processingId),
        esc(header.version),
      ],
      context,
    ),
    new Hl7Segment(
      ['MSA', ack.code, esc(header.messageControlId), esc(ack.text.slice(0, MSA_TEXT_MAX))],
      context,
    ),
  ];
  if (ack.error !== null) {
    const condition = HL7_CONDITIONS[ack.error.condition];
    const where = ack.error.location;
    if (versionAtLeast(header.version, 2, 5)) {
      const location = where
        ? trimEndOf(
            [
              where.segment,
              String(where.sequence ?? 1),
              where.field === undefined ? '' : String(where.field),
              '',
              where.component === undefined ? '' : String(where.component),
            ].join(c),
            c,
          )
        : '';
      segments.push(
        new Hl7Segment(
          [
            'ERR',
            '',
            location,
            `${condition.code}${c}${esc(condition.text)}${c}HL70357`,
            'E',
            '',
            '',
            '',
            esc(ack.error.reason),
          ],
          context,
        ),
      );
    } else {
      const location = where
        ? [
            where.segment,
            String(where.sequence ?? 1),
            where.field === undefined ? '' : String(where.field),
          ].join(c)
        : `${c}${c}`;
      segments.push(
        new Hl7Segment(
          ['ERR', `${location}${c}${condition.code}${s}${esc(condition.text)}${s}HL70357`],
          context,
        ),
      );
    }
  }
  return new Hl7Message(segments, context).toString();
}

/** Wraps the ACKs of a batch in BHS/BTS (and FHS/FTS when the input had a file header). */
export function wrapBatchAck(
  header: AckHeader,
  acks: readonly string[],
  now: Date,
  withFileHeader: boolean,
): string {
  const f = header.fieldSeparator;
  const common = [
    header.encodingCharacters,
    header.receivingApplication || 'HOMEFIRST',
    header.receivingFacility || 'HOMEFIRST',
    header.sendingApplication,
    header.sendingFacility,
    formatHl7Utc(now),
  ].join(f);
  const lines = [`BHS${f}${common}`, ...acks, `BTS${f}${acks.length}`];
  return (withFileHeader ? [`FHS${f}${common}`, ...lines, `FTS${f}1`] : lines).join('\r');
}
