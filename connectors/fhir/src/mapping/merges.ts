import { eventIdFor, type HospitalEvent, type PersonKeyer } from '@homefirst/schemas';
import { instantOf } from '../fhir/datetime';
import type { MergeUnit } from '../fhir/patient-merge';

/**
 * Patient merges to hospital events: the same `PatientsMerged` an HL7 v2 A40 gives, so the read models
 * show one person whichever feed said it. The envelope's personKey is the surviving record's; the retired
 * record's NHS number and personKey are set when it had a different NHS number, and `retiredPatientId` is
 * its local id (MRN), else its NHS number, as for A40. Pure.
 */

export interface MergeContext {
  readonly orgCode: string;
  readonly system: string;
  readonly personKey: PersonKeyer;
  readonly correlationId: string;
  /** Event time when the Patient stating the merge has no `meta.lastUpdated`. */
  readonly receivedAt: Date;
  readonly recordedAt: Date;
}

export type PatientsMergedEvent = Extract<HospitalEvent, { type: 'PatientsMerged' }>;

export function mergeEvent(merge: MergeUnit, context: MergeContext): PatientsMergedEvent {
  const { survivor, retired } = merge;
  const retiredNhsNumber =
    retired.nhsNumber !== null && retired.nhsNumber !== survivor.nhsNumber ? retired.nhsNumber : null;
  const source = {
    channel: 'FHIR' as const,
    system: context.system,
    orgCode: context.orgCode,
    messageId: merge.messageId,
  };
  return {
    eventId: eventIdFor(source, 'PatientsMerged', merge.part),
    type: 'PatientsMerged',
    occurredAt: merge.lastUpdated === null ? context.receivedAt : instantOf(merge.lastUpdated),
    recordedAt: context.recordedAt,
    source,
    personKey: context.personKey(survivor.nhsNumber),
    correlationId: context.correlationId,
    payload: {
      nhsNumber: survivor.nhsNumber,
      retiredPatientId: retired.mrn ?? retired.nhsNumber ?? '',
      retiredNhsNumber,
      retiredPersonKey: retiredNhsNumber === null ? null : context.personKey(retiredNhsNumber),
    },
  };
}

/**
 * The id the resend memory keeps a merge by: who merged into whom, not the message, because every later
 * update of the surviving Patient still carries its `replaces` link — the merge is recorded once. Keyed by
 * personKeys (an HMAC), never by NHS numbers; a retired record known only locally adds its MRN, as the
 * identity index's keys do.
 */
export function mergeDedupeId(merge: MergeUnit, personKey: PersonKeyer): string {
  const retired =
    merge.retired.nhsNumber !== null && merge.retired.nhsNumber !== merge.survivor.nhsNumber
      ? personKey(merge.retired.nhsNumber)
      : `mrn:${merge.retired.mrn ?? ''}`;
  return `merge:${personKey(merge.survivor.nhsNumber)}:${retired}`;
}
