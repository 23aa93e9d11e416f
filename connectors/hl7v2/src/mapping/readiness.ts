import {
  criterionToResideOfCode,
  delayAttributionOf,
  hubDelayReasonOfCode,
  type CriterionToReside,
  type DelayAttribution,
  type DelayReason,
  type DischargeDelay,
  type LocalDate,
  type Pathway,
} from '@homefirst/schemas';
import type { Hl7Segment } from '@medplum/core';
import { parseHl7DateTime } from '../hl7/datetime';
import { dataTypeError, requiredFieldMissing, tableValueNotFound, type Hl7Location } from '../hl7/errors';
import { type Hl7Document, valueOf } from '../hl7/message';
import type { MappingSettings, ReadinessObxCodes } from './settings';

/**
 * Discharge readiness as the trust sends it — UK ADT has no standard field for it, so the hub defines
 * the ZDR segment (name configurable) and accepts the same items as OBX observations with local codes:
 *
 * | item        | ZDR   | OBX-3 (default code) | values                                                        |
 * |-------------|-------|----------------------|---------------------------------------------------------------|
 * | readyAt     | ZDR-1 | HF-DRD               | DTM: the discharge ready date, with the time NCTR was declared if known |
 * | status      | ZDR-2 | HF-NCTR              | R ready (no criteria to reside) · W withdrawn (meets criteria again) |
 * | pathway     | ZDR-3 | HF-PATHWAY           | 0–3 or P0–P3                                                  |
 * | delayReason | ZDR-4 | HF-DELAY             | a hub delay reason code (Table 5 or current return, e.g. P2_BED_NOT_AVAILABLE) or a trust-local code configured in HOMEFIRST_HL7_DELAY_REASON_CODES |
 * | criterion   | ZDR-5 | HF-CTR               | criterion to reside met again, 01–12 (with W)                 |
 * | attribution | ZDR-6 | HF-ATTRIBUTION       | NHS · SOCIAL_CARE (or SC) · BOTH; default: the hub's table    |
 */
export type Readiness =
  | {
      readonly kind: 'declared';
      readonly dischargeReadyDate: LocalDate;
      readonly dischargeReadyAt: Date | null;
      readonly proposedPathway: Pathway;
      readonly delay: DischargeDelay | null;
    }
  | { readonly kind: 'withdrawn'; readonly criterion: CriterionToReside | null };

export interface ReadinessReading {
  readonly readiness: Readiness | null;
  /** The pathway item alone (on A03 it is the pathway the patient actually left on). */
  readonly pathway: Pathway | null;
}

type Item = keyof ReadinessObxCodes;
interface ItemValue {
  readonly text: string;
  readonly location: Hl7Location;
}
type Items = Partial<Record<Item, ItemValue>>;

const ZDR_FIELDS: Readonly<Record<Item, number>> = {
  readyAt: 1,
  status: 2,
  pathway: 3,
  delayReason: 4,
  criterion: 5,
  attribution: 6,
};

const DECLARED = new Set(['R', 'READY', 'NCTR', 'Y']);
const WITHDRAWN = new Set(['W', 'WITHDRAWN', 'CTR', 'N']);
const ATTRIBUTIONS: Readonly<Record<string, DelayAttribution>> = {
  NHS: 'NHS',
  SOCIAL_CARE: 'SOCIAL_CARE',
  SC: 'SOCIAL_CARE',
  LA: 'SOCIAL_CARE',
  BOTH: 'BOTH',
};

function fromSegment(segment: Hl7Segment): Items {
  const items: Items = {};
  for (const [item, field] of Object.entries(ZDR_FIELDS) as Array<[Item, number]>) {
    const text = valueOf(segment, field);
    if (text !== '') items[item] = { text, location: { segment: segment.name, field } };
  }
  return items;
}

function fromObservations(doc: Hl7Document, codes: ReadinessObxCodes): Items | null {
  const byCode = new Map(
    (Object.entries(codes) as Array<[Item, string]>).map(([item, code]) => [code.toUpperCase(), item]),
  );
  const items: Items = {};
  let found = false;
  doc.segments('OBX').forEach((obx, index) => {
    const item = byCode.get(valueOf(obx, 3).toUpperCase());
    if (item === undefined) return;
    // OBX-11 D (deleted), W (wrong) and X (cannot be obtained) carry no value.
    if (['D', 'W', 'X'].includes(valueOf(obx, 11).toUpperCase())) return;
    found = true;
    const text = valueOf(obx, 5);
    if (text !== '') items[item] = { text, location: { segment: 'OBX', sequence: index + 1, field: 5 } };
  });
  return found ? items : null;
}

function pathwayOf(value: ItemValue | undefined): Pathway | null {
  if (value === undefined) return null;
  const code = value.text.toUpperCase().replace(/^P(?=\d$)/, '');
  if (['0', '1', '2', '3'].includes(code)) return `P${code}` as Pathway;
  throw tableValueNotFound(value.location, 'discharge pathway', '0-3 or P0-P3');
}

function delayOf(
  reason: ItemValue | undefined,
  attribution: ItemValue | undefined,
  localCodes: ReadonlyMap<string, DelayReason> | undefined,
): DischargeDelay | null {
  if (reason === undefined) return null;
  const delayReason = hubDelayReasonOfCode(reason.text, localCodes);
  if (delayReason === undefined) {
    throw tableValueNotFound(
      reason.location,
      'delay reason',
      'a hub delay reason code or a local code of HOMEFIRST_HL7_DELAY_REASON_CODES (see README)',
    );
  }
  if (attribution === undefined) return { reason: delayReason, attribution: delayAttributionOf(delayReason) };
  const sent = ATTRIBUTIONS[attribution.text.toUpperCase().replace(/[ -]+/g, '_')];
  if (sent === undefined)
    throw tableValueNotFound(attribution.location, 'delay attribution', 'NHS, SOCIAL_CARE or BOTH');
  return { reason: delayReason, attribution: sent };
}

function criterionOf(value: ItemValue | undefined): CriterionToReside | null {
  if (value === undefined) return null;
  const criterion = criterionToResideOfCode(value.text.padStart(2, '0'));
  if (criterion === undefined) throw tableValueNotFound(value.location, 'criterion to reside', '01-12');
  return criterion;
}

/** Reads discharge readiness from the Z-segment and/or OBX, as configured. Throws for what the sender must fix. */
export function readReadiness(doc: Hl7Document, settings: MappingSettings): ReadinessReading {
  const { source, segment, obxCodes } = settings.readiness;
  const zdr = source === 'obx' ? undefined : doc.segment(segment);
  const items =
    zdr !== undefined ? fromSegment(zdr) : source === 'zsegment' ? null : fromObservations(doc, obxCodes);
  if (items === null) return { readiness: null, pathway: null };
  const pathway = pathwayOf(items.pathway);
  const status = items.status?.text.toUpperCase() ?? '';
  const where = (item: Item): Hl7Location =>
    zdr !== undefined ? { segment: zdr.name, field: ZDR_FIELDS[item] } : { segment: 'OBX', field: 5 };
  if (WITHDRAWN.has(status)) {
    return { readiness: { kind: 'withdrawn', criterion: criterionOf(items.criterion) }, pathway };
  }
  if (status !== '' && !DECLARED.has(status)) {
    throw tableValueNotFound(
      items.status?.location ?? where('status'),
      'readiness status',
      'R (ready) or W (withdrawn)',
    );
  }
  if (items.readyAt === undefined) {
    if (status !== '') throw requiredFieldMissing(where('readyAt'), 'discharge ready date');
    return { readiness: null, pathway };
  }
  const readyAt = parseHl7DateTime(items.readyAt.text, settings.timeZone);
  if (!readyAt) throw dataTypeError(items.readyAt.location, 'discharge ready date');
  return {
    readiness: {
      kind: 'declared',
      dischargeReadyDate: readyAt.localDate,
      dischargeReadyAt: readyAt.hasTime ? readyAt.at : null,
      proposedPathway: pathway ?? 'UNKNOWN',
      delay: delayOf(items.delayReason, items.attribution, settings.readiness.delayReasonCodes),
    },
    pathway,
  };
}
