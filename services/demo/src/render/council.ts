import { councilRecordFormat, type ServiceType } from '@homefirst/schemas';
import type { CouncilFact } from '../model/facts';
import type { CityParameters } from '../model/parameters';
import { isoLocal } from './time-format';

/**
 * Council records in the hub's one documented record format (the contract's councilRecordFormat: the
 * JSON field names and the canonical CSV header; connectors/council/record-format documents it), one
 * record per status change in the council's case system. Pure.
 */

export type CouncilRecord = {
  readonly [F in councilRecordFormat.Field]?: string | number | boolean | undefined;
};

/** The canonical CSV header line of the record format (the contract's). */
export const COUNCIL_CSV_HEADER = councilRecordFormat.CSV_HEADER.join(',');

const SERVICE_CODE: Readonly<Record<ServiceType, string>> = {
  REABLEMENT_AT_HOME: 'reablement',
  REABLEMENT_BED: 'intermediate_care_bed',
  HOME_CARE: 'home_care',
  RESIDENTIAL_CARE: 'residential',
  NURSING_CARE: 'nursing',
  EQUIPMENT_OR_ADAPTATIONS: 'equipment',
  OTHER: 'other',
  UNKNOWN: 'other',
};

export interface CouncilRenderOptions {
  readonly nhsNumberOverride?: string;
}

export function renderCouncilRecord(
  fact: CouncilFact,
  recordId: string,
  params: CityParameters,
  options: CouncilRenderOptions = {},
): CouncilRecord {
  const council = params.council;
  const base = {
    recordId,
    councilCode: council.onsCode,
    laPersonId: `LAS${String(700_000 + fact.person.index).padStart(7, '0')}`,
    nhsNumber: options.nhsNumberOverride ?? fact.person.nhsNumber,
    occurredAt: isoLocal(fact.at),
    referralId: fact.referralId,
    system: council.system,
  };
  const providerName = (id: string): string | undefined =>
    [
      council.reablementTeam,
      ...council.homeCareProviders,
      ...council.bedBasedUnits,
      ...council.careHomes,
    ].find((provider) => provider.id === id)?.name;
  switch (fact.kind) {
    case 'ReferralReceived':
      return {
        ...base,
        event: 'referral_received',
        pathway: fact.pathway === 'UNKNOWN' ? undefined : fact.pathway.slice(1),
        routeOfAccess: fact.routeOfAccess.toLowerCase(),
        hospitalOdsCode: fact.referringOrgCode,
        hospitalSpellId: fact.journeyId,
      };
    case 'AssessmentScheduled':
      return { ...base, event: 'assessment_scheduled', scheduledFor: isoLocal(fact.scheduledFor) };
    case 'AssessmentCompleted':
      return { ...base, event: 'assessment_completed', servicesRequired: fact.servicesRequired };
    case 'PackageRequested':
      return {
        ...base,
        event: 'package_requested',
        packageId: fact.packageId,
        serviceType: SERVICE_CODE[fact.serviceType],
        hoursPerWeek: fact.hoursPerWeek ?? undefined,
      };
    case 'ProviderOffered':
      return {
        ...base,
        event: 'provider_offered',
        packageId: fact.packageId,
        providerId: fact.providerId,
        providerName: providerName(fact.providerId),
      };
    case 'ProviderDeclined':
      return {
        ...base,
        event: 'provider_declined',
        packageId: fact.packageId,
        providerId: fact.providerId,
        providerName: providerName(fact.providerId),
        reasonCode: fact.reasonCode,
      };
    case 'PackageSourced':
      return {
        ...base,
        event: 'package_sourced',
        packageId: fact.packageId,
        providerId: fact.providerId,
        providerName: providerName(fact.providerId),
        plannedStartDate: fact.plannedStartDate,
      };
    case 'PackageStarted': {
      const placement = fact.serviceType === 'RESIDENTIAL_CARE' || fact.serviceType === 'NURSING_CARE';
      return {
        ...base,
        event: placement ? 'placement_started' : 'package_started',
        packageId: fact.packageId,
        serviceType: SERVICE_CODE[fact.serviceType],
        providerId: fact.providerId,
        providerName: providerName(fact.providerId),
      };
    }
    case 'ReablementStarted':
    case 'ReablementEnded':
      return {
        ...base,
        event: fact.kind === 'ReablementStarted' ? 'reablement_started' : 'reablement_ended',
        packageId: fact.packageId,
        serviceType: SERVICE_CODE[fact.setting === 'BED_BASED' ? 'REABLEMENT_BED' : 'REABLEMENT_AT_HOME'],
        outcome: fact.kind === 'ReablementEnded' ? fact.outcome.toLowerCase() : undefined,
      };
    case 'ReferralCancelled':
      return { ...base, event: 'referral_cancelled', reasonCode: fact.reasonCode };
    default:
      return fact satisfies never;
  }
}

/** A record as JSON text, without absent fields. */
export function councilJson(record: CouncilRecord): string {
  return JSON.stringify(record);
}

/** A record as one row under COUNCIL_CSV_HEADER (RFC 4180 quoting). */
export function councilCsvRow(record: CouncilRecord): string {
  return councilRecordFormat.FIELDS.map((field) => csvCell(record[field])).join(',');
}

function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
