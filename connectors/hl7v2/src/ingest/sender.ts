import { Hl7ContentError } from '../hl7/errors';
import { orgCodeOf, type AckHeader } from '../mapping/header';
import type { MappingSettings } from '../mapping/settings';

/** The organisation a connection authenticated as (its TLS client certificate's ODS code). */
export interface AuthenticatedSender {
  readonly orgCode: string;
}

/** MSA-3 / ERR / dead-letter reason: names the field and the rule, never either organisation. */
export const SENDER_MISMATCH_REASON =
  'MSH-4 (sending facility) is not the organisation of the client certificate';

/**
 * A message whose MSH-4 names (directly, through the facility map or the default) another organisation than
 * the certificate of the connection it came on: AE 103 at MSH-4, dead-lettered as
 * `HL7_SENDING_FACILITY_NOT_CERTIFIED`. The sender fixes its MSH-4 or sends with its own certificate.
 */
export class SenderMismatchError extends Hl7ContentError {
  constructor() {
    super('TABLE_VALUE_NOT_FOUND', { segment: 'MSH', field: 4 }, SENDER_MISMATCH_REASON);
  }

  override get errorCode(): string {
    return 'HL7_SENDING_FACILITY_NOT_CERTIFIED';
  }
}

/**
 * Checks that the organisation MSH-4 resolves to (as `orgCodeOf` reads it for the envelope) is the
 * certificate's; throws Hl7ContentError otherwise. Pure.
 */
export function checkSender(header: AckHeader, settings: MappingSettings, sender: AuthenticatedSender): void {
  if (orgCodeOf(header.sendingFacility, settings) !== sender.orgCode) throw new SenderMismatchError();
}
