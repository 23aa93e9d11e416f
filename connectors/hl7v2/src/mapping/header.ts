import type { Source } from '@homefirst/schemas';
import { Hl7ContentError, dataTypeError, requiredFieldMissing } from '../hl7/errors';
import { parseHl7DateTime } from '../hl7/datetime';
import { valueOf, type Hl7Document } from '../hl7/message';
import { optionalDateTime } from './date-time-field';
import { checkedIdentifier } from './identifier-field';
import type { MappingSettings } from './settings';

/** What an ACK needs from the message it answers; read leniently, so even a rejected message gets one. */
export interface AckHeader {
  readonly sendingApplication: string;
  readonly sendingFacility: string;
  readonly receivingApplication: string;
  readonly receivingFacility: string;
  readonly messageControlId: string;
  /** MSH-9.2 (else EVN-1) when it has the form of a trigger event code (A01); otherwise empty, never echoed. */
  readonly trigger: string;
  readonly version: string;
  readonly processingId: string;
  /** Separators of the incoming message (MSH-1, MSH-2), reused in the ACK. */
  readonly encodingCharacters: string;
  readonly fieldSeparator: string;
}

export const DEFAULT_ACK_HEADER: AckHeader = {
  sendingApplication: '',
  sendingFacility: '',
  receivingApplication: '',
  receivingFacility: '',
  messageControlId: '',
  trigger: '',
  version: '2.4',
  processingId: 'P',
  encodingCharacters: '^~\\&',
  fieldSeparator: '|',
};

/** HL7 table 0003's form (A01, O01, R01…): what an ACK's MSH-9.2 and a log line may repeat of MSH-9.2. */
const TRIGGER_FORM = /^[A-Z][A-Z0-9]{2}$/;

/** MSH-9.2, else EVN-1 (v2.2 and earlier), as sent. */
const triggerAsSent = (doc: Hl7Document): string =>
  valueOf(doc.segment('MSH'), 9, 2) || valueOf(doc.segment('EVN'), 1);

/**
 * HL7 table 0076 message types: one of these may be named in an error text; anything else in MSH-9.1 is
 * not echoed (a hostile or broken sender puts names and NHS numbers there).
 */
const KNOWN_MESSAGE_TYPES: ReadonlySet<string> = new Set(
  'ACK ADR ADT BAR CRM CSU DFT DOC EDR EQQ ERP MDM MFD MFK MFN MFQ MFR OMD OMG OML OMN OMP OMS ORD ORF ORG ORL ORM ORN ORP ORR ORS ORU OSQ OSR OUL PEX PGL PIN PPG PPP PPR PPT PPV PRR PTR QBP QCK QRY RAR RAS RCI RCL RDE RDR RDS RDY REF RER RGR RGV ROR RPA RPI RPL RPR RQA RQC RQI RQP RRA RRD RRE RRG RRI RSP RTB SIU SPQ SQM SQR SRM SRR SSR SSU SUR TBR TCR TCU UDM VQQ VXQ VXR VXU VXX'.split(
    ' ',
  ),
);

export function ackHeaderOf(doc: Hl7Document): AckHeader {
  const msh = doc.segment('MSH');
  const context = doc.context;
  const trigger = triggerAsSent(doc);
  return {
    sendingApplication: valueOf(msh, 3),
    sendingFacility: valueOf(msh, 4),
    receivingApplication: valueOf(msh, 5),
    receivingFacility: valueOf(msh, 6),
    messageControlId: valueOf(msh, 10),
    trigger: TRIGGER_FORM.test(trigger) ? trigger : '',
    version: valueOf(msh, 12) || DEFAULT_ACK_HEADER.version,
    processingId: valueOf(msh, 11) || DEFAULT_ACK_HEADER.processingId,
    encodingCharacters: context.getMsh2(),
    fieldSeparator: context.fieldSeparator,
  };
}

/** The validated header of a message the hub maps. */
export interface MessageHeader extends AckHeader {
  readonly messageType: string;
  /** ODS code of the sending trust (MSH-4, the facility map, or the configured default). */
  readonly orgCode: string;
  /** The dedupe scope: MSH-3^MSH-4 as sent. */
  readonly sender: string;
  /** The envelope `source`: channel HL7V2, system MSH-3, orgCode, messageId MSH-10. */
  readonly source: Source;
  /** MSH-7, when the message was created. */
  readonly messageTime: Date;
  /** EVN-2, when the sender recorded the event. */
  readonly recordedTime: Date | null;
  /** EVN-6, when the event happened (v2.3+). */
  readonly eventTime: Date | null;
}

const ODS_CODE = /^[A-Z0-9]{3,6}$/;

/** Reads and checks MSH and EVN. Throws Hl7ContentError for what the sender must fix. */
export function readHeader(doc: Hl7Document, settings: MappingSettings): MessageHeader {
  const ack = ackHeaderOf(doc);
  const msh = doc.segment('MSH');
  const evn = doc.segment('EVN');
  const messageType = valueOf(msh, 9, 1);
  if (messageType === '')
    throw requiredFieldMissing({ segment: 'MSH', field: 9, component: 1 }, 'message type');
  if (messageType !== 'ADT') {
    // Named only when it is an HL7 message type: the field is free text to a broken or hostile sender.
    throw new Hl7ContentError(
      'UNSUPPORTED_MESSAGE_TYPE',
      { segment: 'MSH', field: 9, component: 1 },
      KNOWN_MESSAGE_TYPES.has(messageType)
        ? `message type ${messageType} is not taken by this interface (only ADT)`
        : 'MSH-9.1 (message type) is not an HL7 message type; this interface takes only ADT',
    );
  }
  const trigger = triggerAsSent(doc);
  if (trigger === '') throw requiredFieldMissing({ segment: 'MSH', field: 9, component: 2 }, 'trigger event');
  if (!/^[A-Z]\d{2}$/.test(trigger))
    throw dataTypeError({ segment: 'MSH', field: 9, component: 2 }, 'trigger event');
  if (ack.messageControlId === '')
    throw requiredFieldMissing({ segment: 'MSH', field: 10 }, 'message control id');
  checkedIdentifier(ack.messageControlId, { segment: 'MSH', field: 10 }, 'message control id');
  checkedIdentifier(ack.sendingApplication, { segment: 'MSH', field: 3 }, 'sending application');
  checkedIdentifier(ack.sendingFacility, { segment: 'MSH', field: 4 }, 'sending facility');
  const messageTimeText = valueOf(msh, 7);
  if (messageTimeText === '')
    throw requiredFieldMissing({ segment: 'MSH', field: 7 }, 'date/time of message');
  const messageTime = parseHl7DateTime(messageTimeText, settings.timeZone);
  if (!messageTime) throw dataTypeError({ segment: 'MSH', field: 7 }, 'date/time of message');
  const orgCode = orgCodeOf(ack.sendingFacility, settings);
  return {
    ...ack,
    messageType,
    orgCode,
    sender: `${ack.sendingApplication}^${ack.sendingFacility}`,
    source: {
      channel: 'HL7V2',
      system: ack.sendingApplication || 'UNKNOWN',
      orgCode,
      messageId: ack.messageControlId,
    },
    messageTime: messageTime.at,
    recordedTime: optionalDateTime(evn, 2, 'recorded date/time', settings)?.at ?? null,
    eventTime: optionalDateTime(evn, 6, 'event occurred', settings)?.at ?? null,
  };
}

/** MSH-4 as the facility map says, else MSH-4 itself when it is an ODS code, else the configured default. */
export function orgCodeOf(sendingFacility: string, settings: MappingSettings): string {
  const facility = sendingFacility.toUpperCase();
  const mapped = settings.facilityOrgCodes.get(facility);
  if (mapped !== undefined) return mapped;
  if (ODS_CODE.test(facility)) return facility;
  if (settings.defaultOrgCode !== null) return settings.defaultOrgCode;
  throw new Hl7ContentError(
    'TABLE_VALUE_NOT_FOUND',
    { segment: 'MSH', field: 4 },
    facility === ''
      ? 'MSH-4 (sending facility) is empty and no default ODS code is configured'
      : 'MSH-4 (sending facility) is not an ODS code and is not in the facility map',
  );
}
