import type { ValidationIssue } from '@homefirst/runtime';
import type { CouncilEvent, FailedStage, SourceChannel, Transport } from '@homefirst/schemas';

/** One record as it arrived: already in the record format's field names (a mapping ran first, if any). */
export interface InboundItem {
  /** Data row number of a CSV file (1 = first row under the header), or the index in a JSON post (0-based). */
  readonly position: number;
  /** CSV: the line of the file the row starts on (from 1, the header's line included). */
  readonly line?: number;
  readonly input: unknown;
  /** Problems the mapping or the CSV reader found before validation (stage MAP / PARSE). */
  readonly earlyIssues: readonly ValidationIssue[];
  readonly earlyStage?: Extract<FailedStage, 'PARSE' | 'MAP'>;
  /** The record as received (CSV: header line + the row; JSON: the record), kept in its dead letter. */
  readonly rawText: string;
}

/** What arrived together: one HTTP request, or one chunk of a CSV file. */
export interface BatchContext {
  readonly channel: Extract<SourceChannel, 'COUNCIL_API' | 'COUNCIL_CSV'>;
  readonly transport: Extract<Transport, 'HTTP' | 'FILE'>;
  /** Media type of the raw body and of each dead letter's input. */
  readonly contentType: string;
  /** Default case-system name (the mapping's, or council-api). */
  readonly system: string;
  /** Sender of the raw record: the authenticated council, or the council of the file. */
  readonly orgCode: string;
  /** Id of the raw message: request body digest, or `<file name>#rows <first>-<last>`. */
  readonly rawMessageId: string;
  readonly rawBody: Buffer;
  readonly receivedAt: Date;
  readonly correlationId: string;
}

export type ItemOutcome =
  | {
      readonly status: 'accepted';
      readonly position: number;
      readonly recordId: string;
      readonly eventId: string;
      readonly type: CouncilEvent['type'];
      /** Suspicious-order flags carried in the event. */
      readonly flags: readonly string[];
    }
  | {
      readonly status: 'duplicate';
      readonly position: number;
      readonly recordId: string;
      readonly eventId: string;
    }
  | {
      readonly status: 'rejected';
      readonly position: number;
      readonly line?: number;
      /** For the dead letter's id only: never echoed in reports, problems or logs. */
      readonly recordId: string | null;
      readonly stage: FailedStage;
      readonly errorCode: string;
      readonly issues: readonly ValidationIssue[];
    };

export const ERROR_CODES = {
  PARSE: 'COUNCIL_CSV_ROW_MALFORMED',
  MAP: 'COUNCIL_MAPPING_FAILED',
  VALIDATE: 'COUNCIL_RECORD_INVALID',
} as const;
