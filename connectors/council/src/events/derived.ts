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
  const { event } = record;
  if (event === 'referral_received' && record.routeOfAccess === null && record.hospitalOdsCode !== null)
    derived(
      ['routeOfAccess', 'hospitalOdsCode'],
      'route of access not given: DISCHARGE_FROM_HOSPITAL, as the record names a referring hospital',
    );
  if (event === 'assessment_scheduled' && record.scheduledFor === null)
    derived(
      record.plannedStartDate !== null
        ? ['scheduledFor', 'plannedStartDate']
        : ['scheduledFor', 'occurredAt'],
      record.plannedStartDate !== null
        ? 'assessment given only a date: scheduled for 00:00 UK time that day'
        : 'assessment time not given: the time the booking was recorded',
    );
  if (event === 'assessment_completed' && record.servicesRequired === null)
    derived(
      ['servicesRequired', 'outcome'],
      'services required not given: read from the outcome (no ongoing support = no)',
    );
  const settingFromServiceType =
    record.serviceType === 'intermediate_care_bed' ||
    record.serviceType === 'reablement' ||
    record.serviceType === 'home_care';
  // the rule of to-event.ts settingOf: the service type when it says, else pathway 2 or 1
  if (
    event === 'reablement_started' &&
    !settingFromServiceType &&
    (record.pathway === 'P1' || record.pathway === 'P2')
  )
    derived(['setting', 'pathway'], 'reablement setting not given: read from the pathway (P2 bed-based)');
  if (PACKAGE_EVENTS.has(record.event) && record.packageId === null)
    derived(
      ['packageId', 'referralId'],
      'package id not given: the referral id stands for it (one package per referral)',
    );
  return flags;
}
