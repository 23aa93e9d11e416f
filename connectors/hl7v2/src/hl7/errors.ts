import { ValidationError } from '@homefirst/runtime';

/**
 * HL7 table 0357 (message error condition codes) — the ones this connector answers with in ERR.
 * 1xx: the sender must fix the content; 2xx: the hub does not take this kind of message.
 */
export const HL7_CONDITIONS = {
  SEGMENT_SEQUENCE_ERROR: { code: '100', text: 'Segment sequence error' },
  REQUIRED_FIELD_MISSING: { code: '101', text: 'Required field missing' },
  DATA_TYPE_ERROR: { code: '102', text: 'Data type error' },
  TABLE_VALUE_NOT_FOUND: { code: '103', text: 'Table value not found' },
  UNSUPPORTED_MESSAGE_TYPE: { code: '200', text: 'Unsupported message type' },
  UNSUPPORTED_EVENT_CODE: { code: '201', text: 'Unsupported event code' },
  APPLICATION_INTERNAL_ERROR: { code: '207', text: 'Application internal error' },
} as const;

export type Hl7Condition = keyof typeof HL7_CONDITIONS;

/** Where in the message: segment, its position among segments of that name (1-based), field, component. */
export interface Hl7Location {
  readonly segment: string;
  readonly sequence?: number;
  readonly field?: number;
  readonly component?: number;
}

export const formatLocation = (location: Hl7Location): string =>
  `${location.segment}${location.field === undefined ? '' : `-${location.field}`}${
    location.component === undefined ? '' : `.${location.component}`
  }`;

/** The stage of the dead-letter record (schemas FailedStage) a content error belongs to. */
export type ContentErrorStage = 'PARSE' | 'VALIDATE' | 'MAP';

/**
 * Content the sender must fix (HL7 AE): a malformed message, a required field missing, a value that is not
 * in the table. Not retriable. The message never contains patient identifiers, so it is safe for logs,
 * dead letters and the ACK.
 */
export class Hl7ContentError extends ValidationError {
  readonly condition: Hl7Condition;
  readonly location: Hl7Location | null;
  readonly stage: ContentErrorStage;

  constructor(
    condition: Hl7Condition,
    location: Hl7Location | null,
    message: string,
    stage: ContentErrorStage = 'VALIDATE',
    cause?: unknown,
  ) {
    super(
      message,
      [{ path: location ? formatLocation(location) : 'message', message }],
      cause === undefined ? {} : { cause },
    );
    this.condition = condition;
    this.location = location;
    this.stage = stage;
  }

  /** Stable machine-readable code for dead letters and metrics, e.g. `HL7_REQUIRED_FIELD_MISSING`. */
  get errorCode(): string {
    return `HL7_${this.condition}`;
  }
}

export const requiredFieldMissing = (location: Hl7Location, what: string): Hl7ContentError =>
  new Hl7ContentError(
    'REQUIRED_FIELD_MISSING',
    location,
    `${formatLocation(location)} (${what}) is required and missing`,
  );

export const dataTypeError = (location: Hl7Location, what: string): Hl7ContentError =>
  new Hl7ContentError('DATA_TYPE_ERROR', location, `${formatLocation(location)} (${what}) is malformed`);

export const tableValueNotFound = (location: Hl7Location, what: string, allowed: string): Hl7ContentError =>
  new Hl7ContentError(
    'TABLE_VALUE_NOT_FOUND',
    location,
    `${formatLocation(location)} (${what}) is not a known code; expected ${allowed}`,
  );
