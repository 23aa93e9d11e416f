import type { DataQualityFlag } from '@homefirst/schemas';
import type { CouncilRecord } from '../record/council-record';
import { PACKAGE_EVENTS } from '../record/vocabulary';

/**
 * DERIVED_VALUE flags: a payload field the record did not give, filled by one of the connector's documented
 * rules (README, "Decisions where the spec is silent"). Before contract v3 these choices left no trace in
 * the event; now a consumer can tell a stated route of access or package id from an assumed one. Each flag
 * names the payload field first, then the record fields it came from. Pure; texts name rules, never values.
 */
export function derivedValueFlags(record: CouncilRecord): DataQualityFlag[] {
  const flags: DataQualityFlag[] = [];
  const derived = (fields: readonly string[], detail: string): void => {
    flags.push({ code: 'DERIVED_VALUE', fields: [...fields], detail });
  };
  switch (record.event) {
    case 'referral_received':
      if (record.routeOfAccess === null && record.hospitalOdsCode !== null)
        derived(
          ['routeOfAccess', 'hospitalOdsCode'],
          'route of access not given: DISCHARGE_FROM_HOSPITAL, as the record names a referring hospital',
        );
      break;
    case 'assessment_scheduled':
      if (record.scheduledFor === null)
        derived(
          record.plannedStartDate !== null
            ? ['scheduledFor', 'plannedStartDate']
            : ['scheduledFor', 'occurredAt'],
          record.plannedStartDate !== null
            ? 'assessment given only a date: scheduled for 00:00 UK time that day'
            : 'assessment time not given: the time the booking was recorded',
        );
      break;
    case 'assessment_completed':
      if (record.servicesRequired === null)
        derived(
          ['servicesRequired', 'outcome'],
          'services required not given: read from the outcome (no ongoing support = no)',
        );
      break;
    case 'reablement_started':
      if (record.serviceType === null && record.pathway !== null)
        derived(['setting', 'pathway'], 'reablement setting not given: read from the pathway (P2 bed-based)');
      break;
    default:
      break;
  }
  if (PACKAGE_EVENTS.has(record.event) && record.packageId === null)
    derived(
      ['packageId', 'referralId'],
      'package id not given: the referral id stands for it (one package per referral)',
    );
  return flags;
}
