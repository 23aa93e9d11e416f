import { describeError, UnavailableError, type Logger } from '@homefirst/runtime';
import { eventsFor, type AdtReading } from '../mapping/adt';
import { rawRecord } from '../mapping/records';
import { holdAgain, holdUntilIdentified, learn, letGo, releaseLate, releasedRecords } from './hold-release';
import {
  ACK_TEXT,
  acceptedResult,
  NO_EVENTS,
  type DedupeKey,
  type Hl7Ingest,
  type MessageMeta,
  type MessageResult,
} from './message-result';

/**
 * Accepting a message that read and checked: dedupe → resolve the person (or hold the message) → write
 * raw + events (+ what it released) durably → remember it. Resolves once Kafka acknowledged the write.
 */
export async function accept(
  ingest: Hl7Ingest,
  reading: AdtReading,
  text: string,
  body: Buffer,
  key: DedupeKey,
  meta: MessageMeta,
): Promise<MessageResult> {
  const { header, patient } = reading;
  const { options } = ingest;
  // One round trip (the commands go out together): seen before? who is this MRN? anything held for it?
  const [duplicate, lookup] = await Promise.all([
    seen(ingest, key, meta.log),
    lookUp(ingest, reading, meta.log),
  ]);
  if (duplicate) return acceptedResult(header, 'duplicate', ACK_TEXT.duplicate, NO_EVENTS);

  const nhsNumber = patient.nhsNumber ?? lookup.known ?? null;
  const person = nhsNumber === null ? null : { nhsNumber, personKey: options.mapping.personKey(nhsNumber) };
  const recordMeta = {
    receivedAt: meta.receivedAt,
    correlationId: meta.correlationId,
    transport: options.transport,
  };
  const raw = rawRecord(header.source, body, person?.personKey ?? null, recordMeta);

  if (person === null && reading.drafts.length > 0 && patient.mrn !== null) {
    const released = await holdUntilIdentified(ingest, reading, text, raw, meta);
    await remember(ingest, key, meta.log);
    return acceptedResult(header, 'held', ACK_TEXT.held, released);
  }

  const events =
    person === null
      ? []
      : eventsFor(reading, person, { recordedAt: ingest.clock(), correlationId: meta.correlationId });
  // Learn the MRN when it is new or changed, or when messages wait for it; A40's retired MRN always.
  const learnMrn =
    patient.mrn !== null && (lookup.known !== person?.nhsNumber || lookup.held > 0) ? patient.mrn : null;
  const toLearn = [learnMrn, ...reading.aliasMrns];
  // Messages held for this MRN are released in the same write as this one; otherwise the identity is
  // learned after the write, alongside `remember`, which keeps a Redis round trip off the ACK's path.
  const learnedFirst =
    person !== null && lookup.held > 0 ? await learn(ingest, header.orgCode, toLearn, person, meta.log) : [];
  const released = releasedRecords(ingest, learnedFirst);
  try {
    await options.writer.write({
      raw,
      hospital: [...released.hospital, ...events],
      deadLetters: released.deadLetters,
    });
  } catch (err) {
    await holdAgain(ingest, learnedFirst, meta.log);
    throw err;
  }
  const [learnedAfter] = await Promise.all([
    person !== null && lookup.held === 0 ? learn(ingest, header.orgCode, toLearn, person, meta.log) : [],
    remember(ingest, key, meta.log),
    letGo(ingest, learnedFirst, meta.log),
  ]);
  const late = await releaseLate(ingest, learnedAfter, meta.log);
  options.metrics?.released.inc(released.count + late.length);
  return acceptedResult(header, 'accepted', acceptedText(reading, events.length), [
    ...released.hospital,
    ...events,
    ...late,
  ]);
}

function acceptedText(reading: AdtReading, events: number): string {
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
async function lookUp(
  ingest: Hl7Ingest,
  reading: AdtReading,
  log: Logger,
): Promise<{ known: string | undefined; held: number }> {
  const { patient, header } = reading;
  if (patient.mrn === null) return { known: undefined, held: 0 };
  const { identity } = ingest.options;
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

/** Dedupe is an optimisation (eventIds dedupe downstream): if Redis cannot answer, write again. */
async function seen(ingest: Hl7Ingest, key: DedupeKey, log: Logger): Promise<boolean> {
  const { dedupe } = ingest.options;
  if (dedupe === null) return false;
  try {
    return await dedupe.seen(key.sender, key.messageId);
  } catch (err) {
    log.warn({ err: describeError(err) }, 'dedupe lookup failed; writing again (eventIds dedupe downstream)');
    return false;
  }
}

async function remember(ingest: Hl7Ingest, key: DedupeKey, log: Logger): Promise<void> {
  const { dedupe } = ingest.options;
  if (dedupe === null) return;
  try {
    await dedupe.remember(key.sender, key.messageId);
  } catch (err) {
    log.warn(
      { err: describeError(err) },
      'could not remember the message id; a resend would be written again',
    );
  }
}
