import type { readModels } from '@homefirst/schemas';

/** Where a delayed person is, and who they are, in a stored queue entry built for a test or a benchmark. */
export type QueueEntryPlace = Pick<
  readModels.QueueEntry,
  'nhsNumber' | 'spellId' | 'trust' | 'site' | 'ward' | 'pathway'
>;

/** The one delayed person the reader tests store: a valid test NHS number on ward 7 of RXN02, pathway 1. */
export const WARD_7_PLACE: QueueEntryPlace = {
  nhsNumber: '9434765919',
  spellId: 'S1',
  trust: 'RXN',
  site: 'RXN02',
  ward: 'WARD7',
  pathway: 'P1',
};

/**
 * A queue entry as the projector stores it: someone ready for discharge since `readySince`, waiting for
 * a new P1 care package the council is responsible for (48-hour deadline from readiness).
 */
export function awaitingPackageEntry(
  personKey: string,
  readySince: string,
  place: QueueEntryPlace,
): readModels.QueueEntry {
  return {
    personKey,
    nhsNumber: place.nhsNumber,
    episodeId: `${personKey}:${place.spellId}:${readySince}`,
    spellId: place.spellId,
    trust: place.trust,
    site: place.site,
    ward: place.ward,
    bed: null,
    pathway: place.pathway,
    dischargeReadyDate: readySince.slice(0, 10),
    readySince,
    deadline: new Date(Date.parse(readySince) + 48 * 3_600_000).toISOString(),
    delayReason: 'AWAITING_P1_NEW_PACKAGE',
    sitrepReason: 'AWAITING_P1_NEW_PACKAGE',
    delayReasonSource: 'TRUST',
    delayReasonSince: readySince,
    attribution: 'SOCIAL_CARE',
    council: 'E08000012',
    referralId: null,
    providerSourcedAt: null,
    expectedDischargeDate: null,
    onLeave: false,
    admittedAt: null,
  };
}
