import { createLogger, MemoryIdentityIndex } from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import { buildAck } from './ack/ack';
import { loadMappingConfig } from './config';
import { HL7_CONDITIONS } from './hl7/errors';
import { formatLocation } from './hl7/errors';
import { decodeBytes } from './hl7/text';
import { Hl7Pipeline, type MessageResult } from './ingest/pipeline';
import { printableIdentifier } from './mapping/identifier-field';
import { MllpDecoder, VT } from './mllp/decoder';

interface FeedIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What `map` prints for a message the live connector would answer AE or AR: the ACK and its reason. */
export interface RejectionReport {
  readonly ack: 'AE' | 'AR';
  readonly messageControlId: string;
  readonly trigger: string;
  readonly errorCode: string | null;
  readonly hl7ErrorCode: string | null;
  readonly location: string | null;
  readonly reason: string;
  /** The ACK the live connector sends, ER7 with CR between segments. */
  readonly er7: string;
}

export function rejectionReport(result: MessageResult, now: Date): RejectionReport {
  const { ack, header } = result;
  return {
    ack: ack.code === 'AR' ? 'AR' : 'AE',
    messageControlId: printableIdentifier(header.messageControlId) ?? '',
    trigger: header.trigger,
    errorCode: result.errorCode,
    hl7ErrorCode: ack.error ? HL7_CONDITIONS[ack.error.condition].code : null,
    location: ack.error?.location ? formatLocation(ack.error.location) : null,
    reason: ack.error?.reason ?? ack.text,
    er7: buildAck(header, ack, now, 'FEEDCHECK'),
  };
}

/** The frames of a file: MLLP-framed content is unwrapped, anything else is one text of messages. */
function framesOf(bytes: Buffer): Buffer[] {
  if (!bytes.includes(VT)) return [bytes];
  return new MllpDecoder(Number.MAX_SAFE_INTEGER)
    .push(bytes)
    .flatMap((item) => (item.kind === 'frame' ? [item.bytes] : []));
}

/**
 * The feed checker behind `map`: runs the live pipeline — the same parsing, checks, identity handling
 * (identities learned from earlier messages of the file; held messages released when their identity
 * appears) and event mapping — with memory in place of Kafka and Redis. Prints each event as a JSON
 * line on stdout, and for a message the live connector would not accept, the rejection as JSON; a
 * one-line summary per message goes to stderr. Returns the exit code: 0 all accepted, 1 any rejected.
 */
export async function checkFeed(bytes: Buffer, io: FeedIo): Promise<number> {
  const { personKeySecret, mapping } = loadMappingConfig(io.env);
  const pipeline = new Hl7Pipeline({
    mapping: { settings: mapping, personKey: createPersonKeyer(personKeySecret) },
    identity: new MemoryIdentityIndex(),
    dedupe: null,
    writer: { write: () => Promise.resolve() },
    logger: createLogger({ name: 'hl7v2-map', level: 'silent' }),
    transport: 'FILE',
  });
  let exitCode = 0;
  for (const frame of framesOf(bytes)) {
    const { text, encoding } = decodeBytes(frame);
    for (const result of await pipeline.handleText(text, encoding)) {
      for (const event of result.events) io.stdout.write(`${JSON.stringify(event)}\n`);
      const messageId = printableIdentifier(result.header.messageControlId);
      const what = `${result.header.trigger || '?'} ${messageId === null ? '(MSH-10 not printable)' : messageId || '(no MSH-10)'}`;
      if (result.ack.code === 'AA') {
        io.stderr.write(
          `${what}: AA ${result.ack.text} (${result.events.length} event${result.events.length === 1 ? '' : 's'})\n`,
        );
      } else {
        exitCode = 1;
        io.stdout.write(`${JSON.stringify(rejectionReport(result, new Date()))}\n`);
        io.stderr.write(`${what}: ${result.ack.code} ${result.ack.error?.reason ?? result.ack.text}\n`);
      }
    }
  }
  return exitCode;
}
