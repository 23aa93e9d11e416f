import {
  eventIdFor,
  instantOfWallTime,
  LONDON_TIME_ZONE,
  type CouncilEvent,
  type PersonKeyer,
  type ReablementSetting,
  type SourceChannel,
  type DataQualityFlag,
} from '@homefirst/schemas';
import type { CouncilRecord } from '../record/council-record';
import { derivedValueFlags } from './derived';
import { EVENT_TYPE_OF, OUTCOME_OF, ROUTE_OF_ACCESS_OF, SERVICE_TYPE_OF } from '../record/vocabulary';

/** What a record's event needs besides the record: where it came from and when the hub saw it. */
export interface EventContext {
  readonly channel: Extract<SourceChannel, 'COUNCIL_API' | 'COUNCIL_CSV'>;
  /** The case system's name when the record does not give one (the mapping's `system`, or council-api). */
  readonly system: string;
  readonly recordedAt: Date;
  readonly correlationId: string;
  readonly personKeyOf: PersonKeyer;
}

/**
 * The eventId of a record's event. The record id is unique per council whatever the channel, so the
 * channel in the id is the constant COUNCIL: a record posted over REST and later sent again in a CSV file
 * gets the same eventId, and consumers dedupe it.
 */
export const councilEventIdOf = (record: Pick<CouncilRecord, 'councilCode' | 'recordId' | 'event'>): string =>
  eventIdFor(
    { channel: 'COUNCIL', orgCode: record.councilCode, messageId: record.recordId },
    EVENT_TYPE_OF[record.event],
  );

/** Where reablement happens: bed-based for an intermediate-care bed or pathway 2, at home for reablement or pathway 1. */
function settingOf(record: CouncilRecord): ReablementSetting {
  if (record.serviceType === 'intermediate_care_bed') return 'BED_BASED';
  if (record.serviceType === 'reablement' || record.serviceType === 'home_care') return 'HOME';
  if (record.pathway === 'P2') return 'BED_BASED';
  if (record.pathway === 'P1') return 'HOME';
  return 'UNKNOWN';
}

/** An assessment found eligible needs: said outright, else read from the outcome (no ongoing support = no). */
const servicesRequiredOf = (record: CouncilRecord): boolean =>
  record.servicesRequired ?? record.outcome !== 'no_ongoing_support';

/** Midnight UK time of a date, for an assessment given only a date. */
const londonMidnight = (date: string): Date => {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  return new Date(instantOfWallTime({ year, month, day, hour: 0, minute: 0, second: 0 }, LONDON_TIME_ZONE));
};

/** The envelope of a record's event; its data-quality flags: steps out of order, then values filled by a rule. */
const envelopeOf = (record: CouncilRecord, context: EventContext, orderFlags: readonly DataQualityFlag[]) => {
  // Steps out of order within the tolerance (events/order.ts), then values the record left to a rule.
  const dataQuality = [...orderFlags, ...derivedValueFlags(record)];
  return {
    eventId: councilEventIdOf(record),
    occurredAt: record.occurredAt,
    recordedAt: context.recordedAt,
    source: {
      channel: context.channel,
      system: record.system ?? context.system,
      orgCode: record.councilCode,
      messageId: record.recordId,
    },
    personKey: context.personKeyOf(record.nhsNumber),
    correlationId: context.correlationId,
    ...(dataQuality.length > 0 && { dataQuality }),
  } as const;
};

/**
 * Maps a validated record to its event on homefirst.council.events.v1. Pure: the same record and
 * context always give the same event (eventId included). Validation (decodeCouncilRecord) has made
 * sure each event has what it needs, so the `??` fallbacks below are for the type checker only.
 */
export function toCouncilEvent(
  record: CouncilRecord,
  context: EventContext,
  orderFlags: readonly DataQualityFlag[] = [],
): CouncilEvent {
  const envelope = envelopeOf(record, context, orderFlags);
  const referral = { nhsNumber: record.nhsNumber, referralId: record.referralId } as const;
  // The council's own person id ends every council event (contract v3); a local identifier, never logged.
  const person = { councilPersonId: record.laPersonId } as const;
  const provider = { providerName: record.providerName } as const;
  const brokerage = { ...referral, packageId: record.packageId ?? record.referralId } as const;
  const serviceType = record.serviceType === null ? 'UNKNOWN' : SERVICE_TYPE_OF[record.serviceType];

  switch (record.event) {
    case 'referral_received':
      return {
        ...envelope,
        type: 'ReferralReceived',
        payload: {
          ...referral,
          routeOfAccess:
            record.routeOfAccess !== null
              ? ROUTE_OF_ACCESS_OF[record.routeOfAccess]
              : record.hospitalOdsCode !== null
                ? 'DISCHARGE_FROM_HOSPITAL'
                : 'UNKNOWN',
          referringOrgCode: record.hospitalOdsCode,
          pathway: record.pathway ?? 'UNKNOWN',
          hospitalSpellId: record.hospitalSpellId,
          ...person,
        },
      };
    case 'assessment_scheduled':
      return {
        ...envelope,
        type: 'AssessmentScheduled',
        payload: {
          ...referral,
          scheduledFor:
            record.scheduledFor ??
            (record.plannedStartDate !== null ? londonMidnight(record.plannedStartDate) : record.occurredAt),
          ...person,
        },
      };
    case 'assessment_completed':
      return {
        ...envelope,
        type: 'AssessmentCompleted',
        payload: { ...referral, servicesRequired: servicesRequiredOf(record), ...person },
      };
    case 'package_requested':
      return {
        ...envelope,
        type: 'PackageRequested',
        payload: { ...brokerage, serviceType, hoursPerWeek: record.hoursPerWeek, ...person },
      };
    case 'provider_offered':
      return {
        ...envelope,
        type: 'ProviderOffered',
        payload: { ...brokerage, providerId: record.providerId ?? '', ...provider, ...person },
      };
    case 'provider_declined':
      return {
        ...envelope,
        type: 'ProviderDeclined',
        payload: {
          ...brokerage,
          providerId: record.providerId ?? '',
          reasonCode: record.reasonCode,
          ...provider,
          ...person,
        },
      };
    case 'package_sourced':
      return {
        ...envelope,
        type: 'PackageSourced',
        payload: {
          ...brokerage,
          providerId: record.providerId ?? '',
          plannedStartDate: record.plannedStartDate ?? '',
          ...provider,
          ...person,
        },
      };
    case 'package_started':
    case 'placement_started':
      return {
        ...envelope,
        type: 'PackageStarted',
        payload: { ...brokerage, serviceType, providerId: record.providerId, ...provider, ...person },
      };
    case 'reablement_started':
      return {
        ...envelope,
        type: 'ReablementStarted',
        payload: { ...referral, setting: settingOf(record), ...person },
      };
    case 'reablement_ended':
      return {
        ...envelope,
        type: 'ReablementEnded',
        payload: {
          ...referral,
          outcome: record.outcome === null ? 'UNKNOWN' : OUTCOME_OF[record.outcome],
          ...person,
        },
      };
    case 'referral_cancelled':
      return {
        ...envelope,
        type: 'ReferralCancelled',
        payload: { ...referral, reasonCode: record.reasonCode, ...person },
      };
    default:
      return record.event satisfies never;
  }
}
