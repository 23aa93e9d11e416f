import { randomUUID } from 'node:crypto';
import { childLogger, describeError, UnavailableError, type Logger } from '@homefirst/runtime';
import type { DeadLetterEvent, HospitalEvent, Source, Transport } from '@homefirst/schemas';
import { buildAck, wrapBatchAck, type Acknowledgement } from '../ack/ack';
import { acknowledgementOf, errorCodeOf } from '../ack/outcome';
import { Hl7ContentError } from '../hl7/errors';
import { Hl7Document } from '../hl7/message';
import { decodeBytes, encodeText, splitMessages, type SplitResult, type TextEncoding } from '../hl7/text';
import { eventsFor, readAdt, type AdtReading, type MappingContext, type Person } from '../mapping/adt';
import { ackHeaderOf, DEFAULT_ACK_HEADER, orgCodeOf, type AckHeader } from '../mapping/header';
import { deadLetterRecord, rawRecord } from '../mapping/records';
import { parseHeld, serialiseHeld } from './held';
import type { Hl7Metrics } from './metrics';
import type { DedupeStore, IdentityStore, RecordWriter } from './ports';

/** MSA-3 texts of accepted messages. */
export const ACK_TEXT = {
  accepted: 'accepted',
  held: 'accepted; person not yet identified — held until identity arrives',
  duplicate: 'accepted; duplicate of a message already accepted, no new event',
  identity: 'accepted; identity recorded, no hospital event',
  registration: 'accepted; registration stored, no hospital event',
  preAdmission: 'accepted; pre-admission stored, events follow the admission (A01)',
  notUsed: 'accepted; trigger not used by the hub, stored only',
  noChange: 'accepted; nothing the hub tracks changed',
} as const;

export type MessageStatus = 'accepted' | 'duplicate' | 'held' | 'rejected' | 'unavailable';

/** What became of one message. */
export interface MessageResult {
  readonly header: AckHeader;
  readonly ack: Acknowledgement;
  readonly status: MessageStatus;
  /** The hospital events written for it (including held messages released by it). */
  readonly events: readonly HospitalEvent[];
  readonly errorCode: string | null;
}

export interface PipelineOptions {
  readonly mapping: MappingContext;
  readonly identity: IdentityStore;
  /** null: no dedupe (the feed checker). */
  readonly dedupe: DedupeStore | null;
  readonly writer: RecordWriter;
  readonly logger: Logger;
  readonly transport: Transport;
  /** How long a sender waits for the durable write before it gets AR (default 10 s). */
  readonly ackTimeoutMs?: number;
  readonly metrics?: Hl7Metrics;
  readonly clock?: () => Date;
  /** The trust's frame limit, for the oversize ACK text. */
  readonly maxFrameBytes?: number;
}

interface DedupeKey {
  readonly sender: string;
  readonly messageId: string;
}

const NO_EVENTS: readonly HospitalEvent[] = [];

let ackCounter = 0;
/** MSH-10 of an ACK: unique per process and time, at most 20 characters. */
const nextAckControlId = (): string => {
  ackCounter = (ackCounter + 1) % 1_000_000;
  return `HF${Date.now().toString(36)}${ackCounter.toString(36)}`.slice(0, 20);
};

/**
 * The HL7 ingest pipeline, the same for the live MLLP listener and the feed checker:
 * parse → read and check (pure) → dedupe → resolve the person → write raw + events durably → ACK.
 *
 * - AA only after the writer resolved (Kafka acknowledged); a repeated MSH-10 from the same sender is AA
 *   with no second write.
 * - AE (with a dead letter) for content the sender must fix; AR when the hub cannot accept now.
 * - A message whose person is unknown (MRN only, identity not yet learned) is written raw, held in the
 *   identity index and answered AA; a later message carrying both MRN and NHS number releases it.
 * - A write that outlives the ACK deadline keeps going in the background; a resend of the same message waits
 *   for it instead of writing twice.
 */
export class Hl7Pipeline {
  private readonly clock: () => Date;
  private readonly ackTimeoutMs: number;
  private readonly inflight = new Map<string, Promise<MessageResult>>();

  constructor(private readonly options: PipelineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  }

  /** One MLLP frame (a message or a batch) in, its ACK bytes out. Never rejects. */
  async handleFrame(bytes: Buffer): Promise<Buffer> {
    const started = performance.now();
    const { text, encoding } = decodeBytes(bytes);
    const split = splitMessages(text);
    const results = await this.handleSplit(split, text, encoding, bytes);
    const now = this.clock();
    const acks = results.map((result) => buildAck(result.header, result.ack, now, nextAckControlId()));
    const first = results[0];
    const reply =
      results.length === 1 && !split.batch
        ? (acks[0] ?? '')
        : wrapBatchAck(first?.header ?? DEFAULT_ACK_HEADER, acks, now, split.fileHeader !== null);
    const seconds = (performance.now() - started) / 1000;
    for (const result of results)
      this.options.metrics?.ackSeconds.observe({ code: result.ack.code }, seconds);
    return encodeText(reply, encoding);
  }

  /** Every message of a frame or file, in order. `frameBytes`: the exact bytes, when the text is one message. */
  async handleText(text: string, encoding: TextEncoding, frameBytes?: Buffer): Promise<MessageResult[]> {
    return this.handleSplit(splitMessages(text), text, encoding, frameBytes);
  }

  private async handleSplit(
    split: SplitResult,
    text: string,
    encoding: TextEncoding,
    frameBytes: Buffer | undefined,
  ): Promise<MessageResult[]> {
    if (split.leading !== null)
      this.options.logger.warn({ chars: split.leading.length }, 'text before the first MSH ignored');
    if (split.messages.length === 0)
      return [await this.handleMessage(text, frameBytes ?? encodeText(text, encoding))];
    const single = split.messages.length === 1 && !split.batch;
    const results: MessageResult[] = [];
    for (const message of split.messages) {
      const body = single && frameBytes !== undefined ? frameBytes : encodeText(message.text, encoding);
      results.push(await this.handleMessage(message.text, body));
    }
    return results;
  }

  /** One message: its result, with the ACK to send. Never rejects. */
  async handleMessage(text: string, body: Buffer): Promise<MessageResult> {
    const correlationId = randomUUID();
    const log = childLogger(this.options.logger, correlationId);
    const receivedAt = this.clock();
    let header = DEFAULT_ACK_HEADER;
    let reading: AdtReading;
    try {
      const doc = Hl7Document.parse(text);
      header = ackHeaderOf(doc);
      reading = readAdt(doc, this.options.mapping);
    } catch (err) {
      return this.reject(err, header, body, { correlationId, receivedAt, log });
    }
    const key: DedupeKey = { sender: reading.header.sender, messageId: reading.header.messageControlId };
    const meta = { correlationId, receivedAt, log };
    try {
      const result = await this.acceptOnce(key, () => this.accept(reading, text, body, key, meta));
      this.count(result);
      log.info(
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
      return this.unavailable(err, reading.header, log);
    }
  }

  /** Oversize frames: AR (the hub will not take it in this form), then the server closes the connection. */
  oversizeAck(prefix: Buffer, limit: number): Buffer {
    const { text, encoding } = decodeBytes(prefix);
    let header = DEFAULT_ACK_HEADER;
    try {
      const firstSegment = text.split(/[\r\n]/)[0] ?? '';
      header = ackHeaderOf(Hl7Document.parse(firstSegment));
    } catch {
      // No readable MSH in the prefix: answer with default separators and an empty MSA-2.
    }
    const reason = `message larger than the hub's frame limit of ${limit} bytes`;
    this.options.metrics?.unavailable.inc({ errorCode: 'MLLP_FRAME_TOO_LARGE' });
    const ack: Acknowledgement = {
      code: 'AR',
      text: reason,
      error: { condition: 'APPLICATION_INTERNAL_ERROR', location: null, reason },
    };
    return encodeText(buildAck(header, ack, this.clock(), nextAckControlId()), encoding);
  }

  /**
   * Runs `accept` once per message: if an earlier attempt of the same message is still writing (its sender
   * got AR when the deadline passed), wait for that one instead of writing twice.
   */
  private async acceptOnce(key: DedupeKey, accept: () => Promise<MessageResult>): Promise<MessageResult> {
    const id = `${key.sender}\u001f${key.messageId}`;
    const earlier = this.inflight.get(id);
    if (earlier !== undefined) {
      const outcome = await this.withinDeadline(earlier).catch((err: unknown) => {
        if (
          err instanceof UnavailableError &&
          err.code === 'UNAVAILABLE' &&
          err.dependency === 'ack-deadline'
        )
          throw err;
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
    const attempt = accept();
    this.inflight.set(id, attempt);
    attempt.then(
      () => this.forget(id, attempt),
      () => this.forget(id, attempt),
    );
    return this.withinDeadline(attempt);
  }

  private forget(id: string, attempt: Promise<MessageResult>): void {
    if (this.inflight.get(id) === attempt) this.inflight.delete(id);
  }

  private async withinDeadline<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new UnavailableError(`no durable write within ${this.ackTimeoutMs} ms`, {
              dependency: 'ack-deadline',
            }),
          ),
        this.ackTimeoutMs,
      );
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async accept(
    reading: AdtReading,
    text: string,
    body: Buffer,
    key: DedupeKey,
    meta: { correlationId: string; receivedAt: Date; log: Logger },
  ): Promise<MessageResult> {
    const { header, patient } = reading;
    const accepted = (
      status: MessageStatus,
      ackText: string,
      events: readonly HospitalEvent[],
    ): MessageResult => ({
      header,
      ack: { code: 'AA', text: ackText, error: null },
      status,
      events,
      errorCode: null,
    });
    // One round trip (the commands go out together): seen before? who is this MRN? anything held for it?
    const [duplicate, lookup] = await Promise.all([this.seen(key, meta.log), this.lookUp(reading, meta.log)]);
    if (duplicate) return accepted('duplicate', ACK_TEXT.duplicate, NO_EVENTS);

    const nhsNumber = patient.nhsNumber ?? lookup.known ?? null;
    const person =
      nhsNumber === null ? null : { nhsNumber, personKey: this.options.mapping.personKey(nhsNumber) };
    const recordMeta = {
      receivedAt: meta.receivedAt,
      correlationId: meta.correlationId,
      transport: this.options.transport,
    };
    const raw = rawRecord(header.source, body, person?.personKey ?? null, recordMeta);

    if (person === null && reading.drafts.length > 0 && patient.mrn !== null) {
      await this.options.writer.write({ raw });
      const item = serialiseHeld({
        rawEventId: raw.eventId,
        correlationId: meta.correlationId,
        receivedAt: meta.receivedAt,
        hl7: text,
      });
      await this.options.identity.hold(header.orgCode, patient.mrn, item);
      const released = await this.closeHoldRace(header.orgCode, patient.mrn, meta.log);
      await this.remember(key, meta.log);
      this.options.metrics?.held.inc();
      return accepted('held', ACK_TEXT.held, released);
    }

    const events =
      person === null
        ? []
        : eventsFor(reading, person, { recordedAt: this.clock(), correlationId: meta.correlationId });
    // Learn the MRN when it is new or changed, or when messages wait for it; A40's retired MRN always.
    const learnMrn =
      patient.mrn !== null && (lookup.known !== person?.nhsNumber || lookup.held > 0) ? patient.mrn : null;
    const toLearn = [learnMrn, ...reading.aliasMrns];
    // Messages held for this MRN are released in the same write as this one; otherwise the identity is
    // learned after the write, alongside `remember`, which keeps a Redis round trip off the ACK's path.
    const learnedFirst =
      person !== null && lookup.held > 0 ? await this.learn(header.orgCode, toLearn, person, meta.log) : [];
    const released = this.releasedRecords(learnedFirst, meta.log);
    try {
      await this.options.writer.write({
        raw,
        hospital: [...released.hospital, ...events],
        deadLetters: released.deadLetters,
      });
    } catch (err) {
      await this.holdAgain(header.orgCode, learnedFirst, meta.log);
      throw err;
    }
    const [learnedAfter] = await Promise.all([
      person !== null && lookup.held === 0 ? this.learn(header.orgCode, toLearn, person, meta.log) : [],
      this.remember(key, meta.log),
    ]);
    const late = await this.releaseLate(header.orgCode, learnedAfter, meta.log);
    this.options.metrics?.released.inc(released.count + late.length);
    return accepted('accepted', this.acceptedText(reading, events.length), [
      ...released.hospital,
      ...events,
      ...late,
    ]);
  }

  /**
   * Messages held for an MRN learned after this message's write (held since the lookup, or under A40's retired
   * MRN): written now. This message is already accepted, so a failure here re-holds them and is only logged.
   */
  private async releaseLate(
    orgCode: string,
    learned: ReadonlyArray<{ mrn: string; person: Person; items: string[] }>,
    log: Logger,
  ): Promise<readonly HospitalEvent[]> {
    const released = this.releasedRecords(learned, log);
    if (released.count === 0) return NO_EVENTS;
    try {
      await this.options.writer.write({ hospital: released.hospital, deadLetters: released.deadLetters });
      return released.hospital;
    } catch (err) {
      log.warn({ err: describeError(err) }, 'released messages could not be written; held again');
      await this.holdAgain(orgCode, learned, log);
      return NO_EVENTS;
    }
  }

  private acceptedText(reading: AdtReading, events: number): string {
    switch (reading.disposition) {
      case 'events':
        return events > 0 ? ACK_TEXT.accepted : ACK_TEXT.noChange;
      case 'identity-only':
        return reading.patient.nhsNumber !== null && reading.patient.mrn !== null
          ? ACK_TEXT.identity
          : ACK_TEXT.noChange;
      case 'registration':
        return ACK_TEXT.registration;
      case 'pre-admission':
        return ACK_TEXT.preAdmission;
      case 'not-used':
        return ACK_TEXT.notUsed;
    }
  }

  /**
   * What the identity index knows of the message's MRN: its NHS number, and how many messages are held for
   * it. Redis failing matters only when the message needs the lookup to name its person (MRN only, with
   * events): then the hub cannot accept it now (AR). Otherwise the message carries its NHS number and goes on.
   */
  private async lookUp(
    reading: AdtReading,
    log: Logger,
  ): Promise<{ known: string | undefined; held: number }> {
    const { patient, header } = reading;
    if (patient.mrn === null) return { known: undefined, held: 0 };
    const { identity } = this.options;
    try {
      const [known, held] = await Promise.all([
        identity.resolve(header.orgCode, patient.mrn),
        identity.heldCount(header.orgCode, patient.mrn),
      ]);
      return { known, held };
    } catch (err) {
      if (patient.nhsNumber === null && reading.drafts.length > 0) {
        throw new UnavailableError(`the identity index cannot be read: ${describeError(err)}`, {
          dependency: 'redis',
          cause: err,
        });
      }
      log.warn(
        { err: describeError(err) },
        'identity index unavailable; going on with the NHS number in the message',
      );
      return { known: undefined, held: 0 };
    }
  }

  /**
   * Learns MRN → NHS number and takes what was held for each MRN. A Redis failure here does not stop the
   * message (it carries its NHS number): it is logged, and a later message carrying both ids learns again.
   */
  private async learn(
    orgCode: string,
    mrns: ReadonlyArray<string | null>,
    person: Person,
    log: Logger,
  ): Promise<Array<{ mrn: string; person: Person; items: string[] }>> {
    const learned: Array<{ mrn: string; person: Person; items: string[] }> = [];
    for (const mrn of mrns) {
      if (mrn === null) continue;
      try {
        learned.push({
          mrn,
          person,
          items: await this.options.identity.learn(orgCode, mrn, person.nhsNumber),
        });
      } catch (err) {
        log.warn({ err: describeError(err) }, 'could not record the identity; held messages stay held');
      }
    }
    return learned;
  }

  /** Held items mapped again for their person now known; an item that no longer maps is dead-lettered. */
  private releasedRecords(
    learned: ReadonlyArray<{ person: Person; items: readonly string[] }>,
    log: Logger,
  ): { hospital: HospitalEvent[]; deadLetters: DeadLetterEvent[]; count: number } {
    const hospital: HospitalEvent[] = [];
    const deadLetters: DeadLetterEvent[] = [];
    let count = 0;
    for (const { person, items } of learned) {
      for (const item of items) {
        const held = parseHeld(item);
        if (held === undefined) {
          log.error('a held item is not readable and was dropped from the identity index');
          continue;
        }
        count += 1;
        try {
          const reading = readAdt(Hl7Document.parse(held.hl7), this.options.mapping);
          hospital.push(
            ...eventsFor(reading, person, { recordedAt: this.clock(), correlationId: held.correlationId }),
          );
        } catch (err) {
          const why = err instanceof Hl7ContentError ? err : undefined;
          const source = heldSource(held.hl7, this.options.mapping.settings);
          deadLetters.push(
            deadLetterRecord(
              source,
              Buffer.from(held.hl7, 'utf8'),
              held.rawEventId,
              {
                stage: 'MAP',
                errorCode: why?.errorCode ?? errorCodeOf(err),
                reason: why?.message ?? 'a held message could not be mapped when its identity arrived',
                retriable: false,
              },
              { receivedAt: this.clock(), correlationId: held.correlationId },
            ),
          );
        }
      }
    }
    return { hospital, deadLetters, count };
  }

  /** Puts released items back when their events could not be written. */
  private async holdAgain(
    orgCode: string,
    learned: ReadonlyArray<{ mrn: string; items: readonly string[] }>,
    log: Logger,
  ): Promise<void> {
    for (const { mrn, items } of learned) {
      if (items.length === 0) continue;
      try {
        await this.options.identity.hold(orgCode, mrn, ...items);
      } catch (err) {
        log.error(
          { err: describeError(err), items: items.length },
          'released messages could not be held again; re-map them from the raw topic',
        );
      }
    }
  }

  /**
   * A message held while, on another connection, the identity was learned in between its lookup and its
   * hold, would wait for the next message carrying both ids. Looking again after holding closes that gap.
   */
  private async closeHoldRace(orgCode: string, mrn: string, log: Logger): Promise<readonly HospitalEvent[]> {
    const nhsNumber = await this.options.identity.resolve(orgCode, mrn);
    if (nhsNumber === undefined) return NO_EVENTS;
    const person = { nhsNumber, personKey: this.options.mapping.personKey(nhsNumber) };
    const learned = [{ mrn, person, items: await this.options.identity.learn(orgCode, mrn, nhsNumber) }];
    const released = this.releasedRecords(learned, log);
    if (released.count === 0) return NO_EVENTS;
    try {
      await this.options.writer.write({ hospital: released.hospital, deadLetters: released.deadLetters });
    } catch (err) {
      await this.holdAgain(orgCode, learned, log);
      throw err;
    }
    this.options.metrics?.released.inc(released.count);
    return released.hospital;
  }

  /** Dedupe is an optimisation (eventIds dedupe downstream): if Redis cannot answer, write again. */
  private async seen(key: DedupeKey, log: Logger): Promise<boolean> {
    if (this.options.dedupe === null) return false;
    try {
      return await this.options.dedupe.seen(key.sender, key.messageId);
    } catch (err) {
      log.warn(
        { err: describeError(err) },
        'dedupe lookup failed; writing again (eventIds dedupe downstream)',
      );
      return false;
    }
  }

  private async remember(key: DedupeKey, log: Logger): Promise<void> {
    if (this.options.dedupe === null) return;
    try {
      await this.options.dedupe.remember(key.sender, key.messageId);
    } catch (err) {
      log.warn(
        { err: describeError(err) },
        'could not remember the message id; a resend would be written again',
      );
    }
  }

  /** AE: dead-letter the message with its reason (no identifiers), then tell the sender what to fix. */
  private async reject(
    err: unknown,
    header: AckHeader,
    body: Buffer,
    meta: { correlationId: string; receivedAt: Date; log: Logger },
  ): Promise<MessageResult> {
    if (!(err instanceof Hl7ContentError)) return this.unavailable(err, header, meta.log);
    const source = this.lenientSource(header);
    const recordMeta = {
      receivedAt: meta.receivedAt,
      correlationId: meta.correlationId,
      transport: this.options.transport,
    };
    const raw = rawRecord(source, body, null, recordMeta);
    const deadLetter = deadLetterRecord(
      source,
      body,
      raw.eventId,
      { stage: err.stage, errorCode: err.errorCode, reason: err.message, retriable: false },
      recordMeta,
    );
    try {
      await this.withinDeadline(this.options.writer.write({ raw, deadLetters: [deadLetter] }));
    } catch (writeError) {
      return this.unavailable(writeError, header, meta.log);
    }
    this.options.metrics?.rejected.inc({ errorCode: err.errorCode });
    meta.log.warn(
      {
        errorCode: err.errorCode,
        trigger: header.trigger,
        messageControlId: header.messageControlId,
        reason: err.message,
      },
      'message rejected (AE)',
    );
    return {
      header,
      ack: acknowledgementOf(err),
      status: 'rejected',
      events: NO_EVENTS,
      errorCode: err.errorCode,
    };
  }

  /** AR: nothing acknowledged; the sender sends again later. */
  private unavailable(err: unknown, header: AckHeader, log: Logger): MessageResult {
    const errorCode = errorCodeOf(err);
    this.options.metrics?.unavailable.inc({ errorCode });
    const expected =
      err instanceof UnavailableError ||
      (typeof err === 'object' && err !== null && 'retriable' in err && err.retriable === true);
    const line = {
      errorCode,
      err: describeError(err),
      trigger: header.trigger,
      messageControlId: header.messageControlId,
    };
    if (expected) log.warn(line, 'message not accepted now (AR)');
    else
      log.error(
        { ...line, stack: err instanceof Error ? err.stack : undefined },
        'message not accepted: internal error (AR)',
      );
    return { header, ack: acknowledgementOf(err), status: 'unavailable', events: NO_EVENTS, errorCode };
  }

  private count(result: MessageResult): void {
    const metrics = this.options.metrics;
    if (metrics === undefined) return;
    if (result.status === 'duplicate') metrics.duplicates.inc();
    if (result.ack.code === 'AA') metrics.accepted.inc({ trigger: result.header.trigger || 'unknown' });
    for (const event of result.events) metrics.events.inc({ type: event.type });
  }

  /** The source of a message that may not have a valid header. */
  private lenientSource(header: AckHeader): Source {
    let orgCode: string;
    try {
      orgCode = orgCodeOf(header.sendingFacility, this.options.mapping.settings);
    } catch {
      orgCode =
        this.options.mapping.settings.defaultOrgCode ?? (header.sendingFacility.toUpperCase() || 'UNKNOWN');
    }
    return {
      channel: 'HL7V2',
      system: header.sendingApplication || 'UNKNOWN',
      orgCode,
      messageId: header.messageControlId || null,
    };
  }
}

function heldSource(hl7: string, settings: MappingContext['settings']): Source {
  let header = DEFAULT_ACK_HEADER;
  try {
    header = ackHeaderOf(Hl7Document.parse(hl7));
  } catch {
    // keep the defaults
  }
  let orgCode = settings.defaultOrgCode ?? 'UNKNOWN';
  try {
    orgCode = orgCodeOf(header.sendingFacility, settings);
  } catch {
    // keep the default
  }
  return {
    channel: 'HL7V2',
    system: header.sendingApplication || 'UNKNOWN',
    orgCode,
    messageId: header.messageControlId || null,
  };
}
