import { LINE_BREAKS, linesWithBreaks, trimEndOf } from '@homefirst/runtime';
/**
 * From bytes to message texts: character set, batch wrappers and stray line feeds. Segments and fields
 * are parsed by @medplum/core (see message.ts); this only finds where each message starts and ends.
 */

export type TextEncoding = 'utf-8' | 'latin1';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 when the bytes are valid UTF-8 (ASCII included), else ISO 8859-1 — what older PAS feeds send
 * (MSH-18 `8859/1`, e.g. names such as Siân written as one byte). A strict decode cannot mistake
 * Latin-1 text for UTF-8 in practice, so MSH-18 need not be trusted.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8.decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: Buffer.from(bytes).toString('latin1'), encoding: 'latin1' };
  }
}

/** Bytes of a text in an encoding; characters Latin-1 cannot hold become '?'. */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  return encoding === 'utf-8'
    ? Buffer.from(text, 'utf8')
    : Buffer.from(text.replace(/[\u0100-\u{10ffff}]/gu, '?'), 'latin1');
}

/** One message found in a frame or file: its exact text, and whether it came inside a batch wrapper. */
export interface MessageText {
  readonly text: string;
  /** Batch/file header segments seen before it (FHS, BHS), for the batch acknowledgement. */
  readonly batched: boolean;
}

export interface SplitResult {
  readonly messages: readonly MessageText[];
  /** The frame or file had FHS/BHS wrappers. */
  readonly batch: boolean;
  readonly fileHeader: string | null;
  readonly batchHeader: string | null;
  /** Text before the first MSH that is not a batch segment (kept so it can be rejected, not dropped). */
  readonly leading: string | null;
}

const BATCH_SEGMENTS = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/**
 * Splits a frame or a file into messages: each MSH starts one; FHS/BHS/BTS/FTS batch wrappers are set
 * aside. Line ends may be CR (the standard), LF or CRLF. Each message's text is the exact slice of the input.
 */
export function splitMessages(input: string): SplitResult {
  const text = input.replace(/^\uFEFF/, '');
  const messages: MessageText[] = [];
  let batch = false;
  let fileHeader: string | null = null;
  let batchHeader: string | null = null;
  let leading: string | null = null;
  let start = -1;
  let end = -1;
  const close = (): void => {
    if (start >= 0) messages.push({ text: trimEndOf(text.slice(start, end), LINE_BREAKS), batched: batch });
    start = -1;
  };
  for (const { line, index: offset } of linesWithBreaks(text)) {
    const segment = line.slice(0, 3);
    if (BATCH_SEGMENTS.has(segment) && (line.length === 3 || !/[A-Za-z0-9]/.test(line.charAt(3)))) {
      close();
      batch = true;
      const bare = trimEndOf(line, LINE_BREAKS);
      if (segment === 'FHS') fileHeader = bare;
      if (segment === 'BHS') batchHeader = bare;
      continue;
    }
    if (segment === 'MSH') {
      close();
      start = offset;
    } else if (start < 0) {
      if (line.trim() !== '') leading = (leading ?? '') + line;
      continue;
    }
    end = offset + line.length;
  }
  close();
  return { messages, batch, fileHeader, batchHeader, leading: leading?.trim() ?? null };
}

/**
 * The text @medplum/core should parse. Medplum splits segments on CR and LF alike, so when a message uses
 * CR between segments (the standard) a lone LF inside a value (free text pasted into a field) would cut a
 * segment in two: such LFs are turned into the escape `\X0A\`, which reads back as a line feed.
 */
export function textForParsing(message: string, escapeCharacter: string): string {
  const trimmed = trimEndOf(message.trimStart(), LINE_BREAKS);
  if (!trimmed.includes('\r')) return trimmed;
  return trimmed.replace(/\r\n/g, '\r').replace(/\n/g, `${escapeCharacter}X0A${escapeCharacter}`);
}
