import {
  criterionToResideOfCode,
  delayAttributionOf,
  hubDelayReasonOfCode,
  type CriterionToReside,
  type DelayReason,
  type DischargeDelay,
  type LocalDate,
  type Pathway,
} from '@homefirst/schemas';
import { issue, type FhirIssue } from '../errors';
import { hasTime, instantOf, localDateOf } from '../fhir/datetime';
import type { CodeableConcept, Coding, Extension } from '../fhir/model';
import { HUB_CODE_SYSTEM, HUB_FHIR_BASE, isDelayAttribution, isPathway } from './vocabulary';

/**
 * The hub's FHIR extensions — UK Core has no element for discharge readiness — and the UK Core extensions
 * the mapping reads. Definitions with example JSON are in the connector README.
 */
export const HUB_EXTENSION = {
  dischargeReadiness: `${HUB_FHIR_BASE}/StructureDefinition/Extension-Homefirst-DischargeReadiness`,
  expectedDischargeDate: `${HUB_FHIR_BASE}/StructureDefinition/Extension-Homefirst-ExpectedDischargeDate`,
  dischargePathway: `${HUB_FHIR_BASE}/StructureDefinition/Extension-Homefirst-DischargePathway`,
} as const;

export const UK_CORE_EXTENSION = {
  admissionMethod: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod',
  dischargeMethod: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod',
} as const;

/**
 * Extension URLs accepted for each hub extension. A trust whose EPR already carries the same facts under
 * its own URL is configured with an alias (HOMEFIRST_FHIR_*_EXTENSION_URLS) instead of changing its feed.
 */
export interface ExtensionUrls {
  readonly dischargeReadiness: readonly string[];
  readonly expectedDischargeDate: readonly string[];
  readonly dischargePathway: readonly string[];
}

export const DEFAULT_EXTENSION_URLS: ExtensionUrls = {
  dischargeReadiness: [HUB_EXTENSION.dischargeReadiness],
  expectedDischargeDate: [HUB_EXTENSION.expectedDischargeDate],
  dischargePathway: [HUB_EXTENSION.dischargePathway],
};

/** The discharge readiness a trust declared (or withdrew) for a spell. */
export type Readiness =
  | {
      readonly status: 'declared';
      /** The Discharge Ready Date. */
      readonly readyDate: LocalDate;
      /** When NCTR was declared, if the trust sent a time. */
      readonly readyAt: Date | null;
      readonly proposedPathway: Pathway;
      readonly delay: DischargeDelay | null;
    }
  | { readonly status: 'withdrawn'; readonly criterion: CriterionToReside | null };

type Read<T> = { readonly value: T; readonly issues: readonly FhirIssue[] };

const found = (extensions: readonly Extension[] | undefined, urls: readonly string[]) =>
  (extensions ?? []).flatMap((ext, index) => (urls.includes(ext.url) ? [{ ext, index }] : []));

const firstCoding = (concept: CodeableConcept | undefined): Coding | undefined => concept?.coding?.[0];

/** A code given as valueCode, or as valueCoding in the expected system. */
const codeOf = (ext: Extension, system: string): string | undefined =>
  ext.valueCode ?? (ext.valueCoding?.system === system ? ext.valueCoding.code : ext.valueCoding?.code);

/** Reads `Extension-Homefirst-DischargeReadiness` (complex) from an Encounter's extensions. */
export function readReadiness(
  extensions: readonly Extension[] | undefined,
  urls: readonly string[],
  root: string,
  /** The trust's own delay-reason codes (HOMEFIRST_FHIR_DELAY_REASON_CODES), read before the hub's. */
  delayReasonCodes?: ReadonlyMap<string, DelayReason>,
): Read<Readiness | null> {
  const all = found(extensions, urls);
  const last = all.at(-1);
  if (!last) return { value: null, issues: [] };
  const base = `${root}.extension[${last.index}]`;
  const issues: FhirIssue[] = [];
  const parts = last.ext.extension ?? [];
  const part = (name: string) => {
    const index = parts.findIndex((p) => p.url === name);
    const ext = parts[index];
    return ext ? { ext, path: `${base}.extension[${index}]` } : undefined;
  };

  const status = part('status');
  const statusCode = status ? codeOf(status.ext, '') : 'declared';
  if (statusCode !== 'declared' && statusCode !== 'withdrawn') {
    issues.push(issue(`${status?.path ?? base}.valueCode`, 'must be declared or withdrawn', 'code-invalid'));
    return { value: null, issues };
  }

  if (statusCode === 'withdrawn') {
    const criterionPart = part('criterionToReside');
    let criterion: CriterionToReside | null = null;
    if (criterionPart) {
      const code = codeOf(criterionPart.ext, HUB_CODE_SYSTEM.criteriaToReside)?.padStart(2, '0');
      criterion = (code && criterionToResideOfCode(code)) || null;
      if (criterion === null)
        issues.push(
          issue(
            `${criterionPart.path}.valueCoding.code`,
            'must be a criterion to reside 01-12',
            'code-invalid',
          ),
        );
    }
    return { value: { status: 'withdrawn', criterion }, issues };
  }

  const ready = part('readyDateTime');
  const readyText = ready?.ext.valueDateTime ?? ready?.ext.valueDate;
  if (!ready || readyText === undefined) {
    issues.push(
      issue(
        ready ? `${ready.path}.valueDateTime` : `${base}.extension`,
        'a declared readiness needs readyDateTime (the discharge ready date, with the time if known)',
        'required',
      ),
    );
    return { value: null, issues };
  }

  const pathwayPart = part('proposedPathway');
  let proposedPathway: Pathway = 'UNKNOWN';
  if (pathwayPart) {
    const code = codeOf(pathwayPart.ext, HUB_CODE_SYSTEM.pathway)?.toUpperCase();
    if (code !== undefined && isPathway(code)) proposedPathway = code;
    else issues.push(issue(`${pathwayPart.path}.valueCode`, 'must be P0, P1, P2 or P3', 'code-invalid'));
  }

  let delay: DischargeDelay | null = null;
  const reasonPart = part('delayReason');
  if (reasonPart) {
    const sent = codeOf(reasonPart.ext, HUB_CODE_SYSTEM.delayReason);
    const code = sent === undefined ? undefined : hubDelayReasonOfCode(sent, delayReasonCodes);
    if (code !== undefined) {
      const attributionPart = part('delayAttribution');
      const attributionCode = attributionPart ? codeOf(attributionPart.ext, '')?.toUpperCase() : undefined;
      if (attributionPart && (attributionCode === undefined || !isDelayAttribution(attributionCode))) {
        issues.push(
          issue(`${attributionPart.path}.valueCode`, 'must be NHS, SOCIAL_CARE or BOTH', 'code-invalid'),
        );
      }
      const attribution =
        attributionCode !== undefined && isDelayAttribution(attributionCode)
          ? attributionCode
          : delayAttributionOf(code);
      delay = { reason: code, attribution };
    } else {
      issues.push(
        issue(
          `${reasonPart.path}.valueCoding.code`,
          `must be a code of ${HUB_CODE_SYSTEM.delayReason} (the hub's delay reasons) or a local code of HOMEFIRST_FHIR_DELAY_REASON_CODES`,
          'code-invalid',
        ),
      );
    }
  }

  return {
    value: {
      status: 'declared',
      readyDate: localDateOf(readyText),
      readyAt: hasTime(readyText) ? instantOf(readyText) : null,
      proposedPathway,
      delay,
    },
    issues,
  };
}

/**
 * The value of the last extension with one of the URLs (a later one overrides an earlier one), or null when
 * there is none; when `valueOf` cannot read it, an issue at that extension's `element` says why.
 */
function readLastValue<T>(
  extensions: readonly Extension[] | undefined,
  urls: readonly string[],
  root: string,
  valueOf: (ext: Extension) => T | undefined,
  invalid: { readonly element: string; readonly message: string; readonly type: FhirIssue['type'] },
): Read<T | null> {
  const last = found(extensions, urls).at(-1);
  if (!last) return { value: null, issues: [] };
  const value = valueOf(last.ext);
  if (value !== undefined) return { value, issues: [] };
  const path = `${root}.extension[${last.index}].${invalid.element}`;
  return { value: null, issues: [issue(path, invalid.message, invalid.type)] };
}

/** Reads `Extension-Homefirst-ExpectedDischargeDate` (valueDate, or valueDateTime whose London day counts). */
export function readExpectedDischargeDate(
  extensions: readonly Extension[] | undefined,
  urls: readonly string[],
  root: string,
): Read<LocalDate | null> {
  const dayOf = (ext: Extension): LocalDate | undefined => {
    const text = ext.valueDate ?? ext.valueDateTime;
    return text === undefined ? undefined : localDateOf(text);
  };
  return readLastValue(extensions, urls, root, dayOf, {
    element: 'valueDate',
    message: 'is required',
    type: 'required',
  });
}

/** Reads `Extension-Homefirst-DischargePathway` (valueCode P0..P3): the pathway the patient actually left on. */
export function readDischargePathway(
  extensions: readonly Extension[] | undefined,
  urls: readonly string[],
  root: string,
): Read<Pathway | null> {
  const pathwayOf = (ext: Extension): Pathway | undefined => {
    const code = codeOf(ext, HUB_CODE_SYSTEM.pathway)?.toUpperCase();
    return code !== undefined && isPathway(code) ? code : undefined;
  };
  return readLastValue(extensions, urls, root, pathwayOf, {
    element: 'valueCode',
    message: 'must be P0, P1, P2 or P3',
    type: 'code-invalid',
  });
}

/** The code of a UK Core coded extension (AdmissionMethod, DischargeMethod), looked for in every given list. */
export function readCodedExtension(url: string, ...lists: ReadonlyArray<readonly Extension[] | undefined>) {
  for (const list of lists) {
    const ext = list?.find((e) => e.url === url);
    const code = ext ? (firstCoding(ext.valueCodeableConcept)?.code ?? ext.valueCoding?.code) : undefined;
    if (code !== undefined && code.trim() !== '') return code.trim();
  }
  return null;
}
