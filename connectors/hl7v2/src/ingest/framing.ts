import { buildAck, wrapBatchAck, type Acknowledgement } from '../ack/ack';
import { Hl7Document } from '../hl7/message';
import { decodeBytes, encodeText, type SplitResult, type TextEncoding } from '../hl7/text';
import { ackHeaderOf, DEFAULT_ACK_HEADER } from '../mapping/header';
import type { Hl7Ingest, MessageResult } from './message-result';

/**
 * Framing: an MLLP frame or a file holds one message or a batch (FHS/BHS); each message is handled on its
 * own, in order, and the frame is answered with one ACK, or a batch of ACKs for a batch.
 */

let ackCounter = 0;
/** MSH-10 of an ACK: unique per process and time, at most 20 characters. */
export const nextAckControlId = (): string => {
  ackCounter = (ackCounter + 1) % 1_000_000;
  return `HF${Date.now().toString(36)}${ackCounter.toString(36)}`.slice(0, 20);
};

/** Each message of a split text, handled in order. `frameBytes`: the exact bytes, when it is one message. */
export async function eachMessage(
  ingest: Hl7Ingest,
  split: SplitResult,
  text: string,
  encoding: TextEncoding,
  frameBytes: Buffer | undefined,
  handleMessage: (text: string, body: Buffer) => Promise<MessageResult>,
): Promise<MessageResult[]> {
  if (split.leading !== null)
    ingest.options.logger.warn({ chars: split.leading.length }, 'text before the first MSH ignored');
  if (split.messages.length === 0)
    return [await handleMessage(text, frameBytes ?? encodeText(text, encoding))];
  const single = split.messages.length === 1 && !split.batch;
  const results: MessageResult[] = [];
  for (const message of split.messages) {
    const body = single && frameBytes !== undefined ? frameBytes : encodeText(message.text, encoding);
    results.push(await handleMessage(message.text, body));
  }
  return results;
}

/** The ACK bytes of a frame: one ACK, or a batch of them when the frame was a batch. */
export function frameAck(
  results: readonly MessageResult[],
  split: SplitResult,
  encoding: TextEncoding,
  now: Date,
): Buffer {
  const acks = results.map((result) => buildAck(result.header, result.ack, now, nextAckControlId()));
  const first = results[0];
  const reply =
    results.length === 1 && !split.batch
      ? (acks[0] ?? '')
      : wrapBatchAck(first?.header ?? DEFAULT_ACK_HEADER, acks, now, split.fileHeader !== null);
  return encodeText(reply, encoding);
}

/** Oversize frames: AR (the hub will not take it in this form), then the server closes the connection. */
export function oversizeAck(ingest: Hl7Ingest, prefix: Buffer, limit: number): Buffer {
  const { text, encoding } = decodeBytes(prefix);
  let header = DEFAULT_ACK_HEADER;
  try {
    const firstSegment = text.split(/[\r\n]/)[0] ?? '';
    header = ackHeaderOf(Hl7Document.parse(firstSegment));
  } catch {
    // No readable MSH in the prefix: answer with default separators and an empty MSA-2.
  }
  const reason = `message larger than the hub's frame limit of ${limit} bytes`;
  ingest.options.metrics?.unavailable.inc({ errorCode: 'MLLP_FRAME_TOO_LARGE' });
  const ack: Acknowledgement = {
    code: 'AR',
    text: reason,
    error: { condition: 'APPLICATION_INTERNAL_ERROR', location: null, reason },
  };
  return encodeText(buildAck(header, ack, ingest.clock(), nextAckControlId()), encoding);
}
