import { describeError, type Logger } from '@homefirst/runtime';
import type { DeadLetterEvent, HospitalEvent, RawEvent, Source } from '@homefirst/schemas';
import { errorCodeOf } from '../ack/outcome';
import { Hl7ContentError } from '../hl7/errors';
import { Hl7Document } from '../hl7/message';
import { eventsFor, readAdt, type AdtReading, type MappingContext, type Person } from '../mapping/adt';
import { ackHeaderOf, DEFAULT_ACK_HEADER, orgCodeOf } from '../mapping/header';
import { deadLetterRecord } from '../mapping/records';
import type { HeldMessage } from './held';
import { NO_EVENTS, type Hl7Ingest, type MessageMeta } from './message-result';

/**
 * Hold and release: a message whose person is known only by MRN is written raw and held in the identity
 * index (runtime's HeldMessages); a later message carrying MRN and NHS number learns the identity and
 * releases what waited for it, mapped again and written with that message.
 */

/** An MRN learned for a person, and this connector's messages that were held for it. */
export interface Learned {
  readonly mrn: string;
  readonly person: Person;
  readonly items: readonly HeldMessage[];
}

/** Hospital events and dead letters of released messages. */
export interface Released {
  readonly hospital: HospitalEvent[];
  readonly deadLetters: DeadLetterEvent[];
  readonly count: number;
}

/**
 * Writes the raw record and holds the message under its MRN; then looks again (see closeHoldRace) and
 * answers the events of whatever that released.
 */
export async function holdUntilIdentified(
  ingest: Hl7Ingest,
  reading: AdtReading,
  text: string,
  raw: RawEvent,
  meta: MessageMeta,
): Promise<readonly HospitalEvent[]> {
  const { header, patient } = reading;
  const mrn = patient.mrn;
  if (mrn === null) throw new TypeError('a message is held only under its MRN');
  await ingest.options.writer.write({ raw });
  await ingest.held.hold(header.orgCode, mrn, [
    { rawEventId: raw.eventId, correlationId: meta.correlationId, receivedAt: meta.receivedAt, hl7: text },
  ]);
  const released = await closeHoldRace(ingest, header.orgCode, mrn, meta.log);
  ingest.options.metrics?.held.inc();
  return released;
}

/**
 * A message held while, on another connection, the identity was learned in between its lookup and its
 * hold, would wait for the next message carrying both ids. Looking again after holding closes that gap.
 */
async function closeHoldRace(
  ingest: Hl7Ingest,
  orgCode: string,
  mrn: string,
  log: Logger,
): Promise<readonly HospitalEvent[]> {
  const nhsNumber = await ingest.options.identity.resolve(orgCode, mrn);
  if (nhsNumber === undefined) return NO_EVENTS;
  const person = { nhsNumber, personKey: ingest.options.mapping.personKey(nhsNumber) };
  const learned = [{ mrn, person, items: await ingest.held.learn(orgCode, mrn, nhsNumber, log) }];
  const released = releasedRecords(ingest, learned);
  if (released.count === 0) return NO_EVENTS;
  try {
    await ingest.options.writer.write({ hospital: released.hospital, deadLetters: released.deadLetters });
  } catch (err) {
    await holdAgain(ingest, learned, log);
    throw err;
  }
  await letGo(ingest, learned, log);
  ingest.options.metrics?.released.inc(released.count);
  return released.hospital;
}

/**
 * Learns MRN → NHS number and takes what was held for each MRN. A Redis failure here does not stop the
 * message (it carries its NHS number): it is logged, and a later message carrying both ids learns again.
 */
export async function learn(
  ingest: Hl7Ingest,
  orgCode: string,
  mrns: ReadonlyArray<string | null>,
  person: Person,
  log: Logger,
): Promise<Learned[]> {
  const learned: Learned[] = [];
  for (const mrn of mrns) {
    if (mrn === null) continue;
    try {
      learned.push({ mrn, person, items: await ingest.held.learn(orgCode, mrn, person.nhsNumber, log) });
    } catch (err) {
      log.warn({ err: describeError(err) }, 'could not record the identity; held messages stay held');
    }
  }
  return learned;
}

/** Held messages mapped again for their person now known; a message that no longer maps is dead-lettered. */
export function releasedRecords(ingest: Hl7Ingest, learned: readonly Learned[]): Released {
  const hospital: HospitalEvent[] = [];
  const deadLetters: DeadLetterEvent[] = [];
  let count = 0;
  const { mapping } = ingest.options;
  for (const { person, items } of learned) {
    for (const held of items) {
      count += 1;
      try {
        const reading = readAdt(Hl7Document.parse(held.hl7), mapping);
        hospital.push(
          ...eventsFor(reading, person, { recordedAt: ingest.clock(), correlationId: held.correlationId }),
        );
      } catch (err) {
        deadLetters.push(unmappable(ingest, held, err));
      }
    }
  }
  return { hospital, deadLetters, count };
}

function unmappable(ingest: Hl7Ingest, held: HeldMessage, err: unknown): DeadLetterEvent {
  const why = err instanceof Hl7ContentError ? err : undefined;
  return deadLetterRecord(
    heldSource(held.hl7, ingest.options.mapping.settings),
    Buffer.from(held.hl7, 'utf8'),
    held.rawEventId,
    {
      stage: 'MAP',
      errorCode: why?.errorCode ?? errorCodeOf(err),
      reason: why?.message ?? 'a held message could not be mapped when its identity arrived',
      retriable: false,
    },
    { receivedAt: ingest.clock(), correlationId: held.correlationId },
  );
}

/**
 * Messages held for an MRN learned after this message's write (held since the lookup, or under A40's retired
 * MRN): written now. This message is already accepted, so a failure here re-holds them and is only logged.
 */
export async function releaseLate(
  ingest: Hl7Ingest,
  learned: readonly Learned[],
  log: Logger,
): Promise<readonly HospitalEvent[]> {
  const released = releasedRecords(ingest, learned);
  if (released.count === 0) return NO_EVENTS;
  try {
    await ingest.options.writer.write({ hospital: released.hospital, deadLetters: released.deadLetters });
  } catch (err) {
    log.warn({ err: describeError(err) }, 'released messages could not be written; held again');
    await holdAgain(ingest, learned, log);
    return NO_EVENTS;
  }
  await letGo(ingest, learned, log);
  return released.hospital;
}

/**
 * Released messages whose events Kafka acknowledged leave the identity index. Never rejects: until they
 * leave, or are held again, a learn after the index's lease hands them out again (runtime's ports.ts).
 */
export function letGo(ingest: Hl7Ingest, learned: readonly Learned[], log: Logger): Promise<void> {
  return ingest.held.released(
    learned.flatMap(({ items }) => items),
    log,
  );
}

/** Puts released messages back when their events could not be written. Never rejects. */
export function holdAgain(ingest: Hl7Ingest, learned: readonly Learned[], log: Logger): Promise<void> {
  return ingest.held.holdAgain(
    learned.flatMap(({ items }) => items),
    log,
  );
}

/** The source of a held message, for its dead letter (its header may no longer read). */
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
