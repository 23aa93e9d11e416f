import { randomUUID } from 'node:crypto';
import { childLogger, isDeadlineMissed, SingleFlight, withinDeadline } from '@homefirst/runtime';
import { Hl7Document } from '../hl7/message';
import { decodeBytes, splitMessages, type TextEncoding } from '../hl7/text';
import { readAdt, type AdtReading } from '../mapping/adt';
import { ackHeaderOf, DEFAULT_ACK_HEADER } from '../mapping/header';
import { accept } from './accept';
import { eachMessage, frameAck, oversizeAck } from './framing';
import { heldMessagesIn } from './held';
import {
  ACK_TEXT,
  NO_EVENTS,
  type DedupeKey,
  type Hl7Ingest,
  type MessageResult,
  type PipelineOptions,
} from './message-result';
import { reject, unavailable } from './reject';
import { checkSender, type AuthenticatedSender } from './sender';

export { ACK_TEXT, type MessageResult, type MessageStatus, type PipelineOptions } from './message-result';

/**
 * The HL7 ingest pipeline, the same for the live MLLP listener and the feed checker:
 * parse → read and check (pure) → dedupe → resolve the person → write raw + events durably → ACK.
 *
 * - AA only after the writer resolved (Kafka acknowledged); a repeated MSH-10 from the same sender is AA
 *   with no second write (accept.ts).
 * - AE (with a dead letter) for content the sender must fix; AR when the hub cannot accept now (reject.ts).
 * - A message whose person is unknown (MRN only, identity not yet learned) is written raw, held in the
 *   identity index and answered AA; a later message carrying both MRN and NHS number releases it
 *   (hold-release.ts, over runtime's HeldMessages).
 * - A write that outlives the ACK deadline keeps going in the background; a resend of the same message waits
 *   for it instead of writing twice (runtime's SingleFlight).
 */
export class Hl7Pipeline {
  private readonly ingest: Hl7Ingest;
  private readonly inflight = new SingleFlight<MessageResult>();

  constructor(private readonly options: PipelineOptions) {
    this.ingest = {
      options,
      clock: options.clock ?? (() => new Date()),
      ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
      held: heldMessagesIn(options.identity),
    };
  }

  /**
   * One MLLP frame (a message or a batch) in, its ACK bytes out. Never rejects. `sender`: the organisation
   * of the connection's TLS client certificate, which every message's MSH-4 must name (null: plaintext).
   */
  async handleFrame(bytes: Buffer, sender: AuthenticatedSender | null = null): Promise<Buffer> {
    const started = performance.now();
    const { text, encoding } = decodeBytes(bytes);
    const split = splitMessages(text);
    const results = await eachMessage(this.ingest, split, text, encoding, bytes, (message, body) =>
      this.handleMessage(message, body, sender),
    );
    const reply = frameAck(results, split, encoding, this.ingest.clock());
    const seconds = (performance.now() - started) / 1000;
    for (const result of results)
      this.options.metrics?.ackSeconds.observe({ code: result.ack.code }, seconds);
    return reply;
  }

  /**
   * Every message of a frame or file, in order. `frameBytes`: the exact bytes, when the text is one message;
   * `sender`: the organisation the text comes from, as for `handleFrame` (a redriven dead letter's).
   */
  async handleText(
    text: string,
    encoding: TextEncoding,
    frameBytes?: Buffer,
    sender: AuthenticatedSender | null = null,
  ): Promise<MessageResult[]> {
    return eachMessage(this.ingest, splitMessages(text), text, encoding, frameBytes, (message, body) =>
      this.handleMessage(message, body, sender),
    );
  }

  /** One message: its result, with the ACK to send. Never rejects. */
  async handleMessage(
    text: string,
    body: Buffer,
    sender: AuthenticatedSender | null = null,
  ): Promise<MessageResult> {
    const correlationId = randomUUID();
    const meta = {
      correlationId,
      receivedAt: this.ingest.clock(),
      log: childLogger(this.options.logger, correlationId),
    };
    let header = DEFAULT_ACK_HEADER;
    let reading: AdtReading;
    try {
      const doc = Hl7Document.parse(text);
      header = ackHeaderOf(doc);
      if (sender !== null) checkSender(header, this.options.mapping.settings, sender);
      reading = readAdt(doc, this.options.mapping);
    } catch (err) {
      return reject(this.ingest, err, header, body, meta, sender);
    }
    const key: DedupeKey = { sender: reading.header.sender, messageId: reading.header.messageControlId };
    try {
      const result = await this.acceptOnce(key, () => accept(this.ingest, reading, text, body, key, meta));
      this.count(result);
      meta.log.info(
        {
          trigger: reading.header.trigger,
          orgCode: reading.header.orgCode,
          messageControlId: key.messageId,
          status: result.status,
          events: result.events.length,
        },
        `${reading.header.trigger} ${result.status}`,
      );
      return result;
    } catch (err) {
      return unavailable(this.ingest, err, reading.header, meta.log);
    }
  }

  /** Oversize frames: AR (the hub will not take it in this form), then the server closes the connection. */
  oversizeAck(prefix: Buffer, limit: number): Buffer {
    return oversizeAck(this.ingest, prefix, limit);
  }

  /**
   * Runs `accept` once per message: if an earlier attempt of the same message is still writing (its sender
   * got AR when the deadline passed), wait for that one instead of writing twice.
   */
  private async acceptOnce(key: DedupeKey, work: () => Promise<MessageResult>): Promise<MessageResult> {
    const id = `${key.sender}\u001f${key.messageId}`;
    const earlier = this.inflight.get(id);
    if (earlier !== undefined) {
      const outcome = await withinDeadline(earlier, this.ingest.ackTimeoutMs).catch((err: unknown) => {
        if (isDeadlineMissed(err)) throw err;
        return undefined; // the earlier attempt failed: try again below
      });
      if (outcome !== undefined)
        return {
          ...outcome,
          status: 'duplicate',
          ack: { code: 'AA', text: ACK_TEXT.duplicate, error: null },
          events: NO_EVENTS,
        };
    }
    return withinDeadline(this.inflight.start(id, work), this.ingest.ackTimeoutMs);
  }

  private count(result: MessageResult): void {
    const metrics = this.options.metrics;
    if (metrics === undefined) return;
    if (result.status === 'duplicate') metrics.duplicates.inc();
    if (result.ack.code === 'AA') metrics.accepted.inc({ trigger: result.header.trigger || 'unknown' });
    for (const event of result.events) metrics.events.inc({ type: event.type });
  }
}
