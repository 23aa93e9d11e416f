import type { NhsNumberPolicy } from '@homefirst/schemas';
import { readNhsIdentifier } from './nhs-identifier';
import { issue, type FhirIssue } from '../errors';
import { isMrn, type ResourceLookup } from '../mapping/facts';
import { fhirIssuesOf } from './paths';
import {
  MERGE_LINK_TYPES,
  NHS_NUMBER_SYSTEM,
  patient as patientSchema,
  type Identifier,
  type MergeLinkType,
  type Patient,
} from './model';

/**
 * Patient merges as FHIR R4 says them: `Patient.link` of type `replaced-by` (this record is replaced by the
 * other: the other survives) or `replaces` (this record survives, the other is retired). The other record
 * is a Bundle entry the reference resolves to (by fullUrl or Type/id), a contained Patient, or the
 * reference's own `identifier`. The hub keys people by NHS number, so the surviving record needs one; the
 * retired record needs an NHS number or a local patient id (MRN). Pure; issues name elements, not values.
 */

/** One merge a Patient resource states. */
export interface MergeUnit {
  /** FHIRPath of the link: `Patient.link[0]`, `Bundle.entry[1].resource.link[0]`. */
  readonly path: string;
  readonly entryIndex: number | null;
  /** Source message id: Bundle.id of a message or Bundle, else the Patient's id and version. */
  readonly messageId: string;
  /** Tells several merges of one message apart in their event ids. */
  readonly part: string;
  /** `meta.lastUpdated` of the Patient stating the merge (when the trust recorded it), if given. */
  readonly lastUpdated: string | null;
  readonly survivor: { readonly nhsNumber: string; readonly mrn: string | null };
  readonly retired: { readonly nhsNumber: string | null; readonly mrn: string | null };
}

interface RecordIdentity {
  readonly nhsNumber: string | null;
  readonly mrn: string | null;
}

const isMergeLink = (type: string): type is MergeLinkType =>
  (MERGE_LINK_TYPES as readonly string[]).includes(type);

/** The NHS number and MRN among identifiers; a malformed NHS number is an issue at its path. */
function identityOf(
  identifiers: ReadonlyArray<{ readonly id: Identifier; readonly path: string }>,
  mrnSystems: readonly string[],
  issues: FhirIssue[],
  policy?: NhsNumberPolicy,
): RecordIdentity {
  let nhsNumber: string | null = null;
  let mrn: string | null = null;
  for (const { id, path } of identifiers) {
    const value = id.value?.trim();
    if (value === undefined || value === '') continue;
    if (id.system === NHS_NUMBER_SYSTEM) {
      const read = readNhsIdentifier(value, path, policy);
      const normalised = 'nhsNumber' in read ? read.nhsNumber : null;
      if ('issue' in read) issues.push(read.issue);
      else if (nhsNumber !== null && nhsNumber !== normalised)
        issues.push(
          issue(path, 'disagrees with another NHS number given for the same record', 'business-rule'),
        );
      else nhsNumber = normalised;
    } else if (mrn === null && isMrn(id, mrnSystems)) {
      mrn = value;
    }
  }
  return { nhsNumber, mrn };
}

/** Who the other record of a link is: the Patient its reference resolves to, else the reference's identifier. */
function otherRecord(
  link: NonNullable<Patient['link']>[number],
  linkPath: string,
  lookup: ResourceLookup,
  mrnSystems: readonly string[],
  issues: FhirIssue[],
  policy?: NhsNumberPolicy,
): RecordIdentity | null {
  const other = link.other;
  const ref = other?.reference;
  const target = ref === undefined ? undefined : lookup.find(ref, linkPath);
  if (target) {
    const parsed = patientSchema.safeParse(target.resource);
    if (!parsed.success) {
      issues.push(...fhirIssuesOf(parsed.error, target.path, target.resource));
      return null;
    }
    const ids = (parsed.data.identifier ?? []).map((id, i) => ({
      id,
      path: `${target.path}.identifier[${i}]`,
    }));
    return identityOf(ids, mrnSystems, issues, policy);
  }
  if (other?.identifier !== undefined) {
    const id = other.identifier;
    const path = `${linkPath}.other.identifier`;
    // A bare identifier that is not the NHS number is the trust's local id, whatever its system.
    if (id.system !== NHS_NUMBER_SYSTEM && id.value !== undefined && id.value.trim() !== '')
      return { nhsNumber: null, mrn: id.value.trim() };
    return identityOf([{ id, path }], mrnSystems, issues, policy);
  }
  issues.push(
    issue(
      `${linkPath}.other`,
      'must reference a Patient in the Bundle (fullUrl or Patient/id) or carry its identifier (NHS number)',
      'required',
    ),
  );
  return null;
}

/** Whether a raw Patient has a link of a merge type, before anything else of it is checked. */
const statesAMerge = (raw: unknown): boolean => {
  const links = (raw as { link?: unknown } | null)?.link;
  return (
    Array.isArray(links) &&
    links.some((link) => {
      const type = (link as { type?: unknown } | null)?.type;
      return typeof type === 'string' && isMergeLink(type);
    })
  );
};

export interface MergeContext {
  readonly path: string;
  readonly entryIndex: number | null;
  readonly messageId: string;
  /** Prefix of the merges' `part` (`entry[1].`, or '' for a Patient on its own). */
  readonly partPrefix: string;
  readonly mrnSystems: readonly string[];
  /** Whether 999 test numbers are accepted (default: accepted). */
  readonly nhsNumbers?: NhsNumberPolicy;
}

/** The merges one Patient states (none when it has no `replaced-by` / `replaces` link), or the issues why not. */
export function mergesOfPatient(
  raw: unknown,
  lookup: ResourceLookup,
  context: MergeContext,
): { merges: MergeUnit[]; issues: FhirIssue[] } {
  // A Patient with no merge link is read only for its identifiers (by the Encounter naming it), as before.
  if (!statesAMerge(raw)) return { merges: [], issues: [] };
  const parsed = patientSchema.safeParse(raw);
  if (!parsed.success) return { merges: [], issues: fhirIssuesOf(parsed.error, context.path, raw) };
  const patient = parsed.data;
  const issues: FhirIssue[] = [];
  const merges: MergeUnit[] = [];
  const links = (patient.link ?? [])
    .map((link, i) => ({ link, i }))
    .filter(({ link }) => isMergeLink(link.type));
  if (links.length === 0) return { merges, issues };
  const own = identityOf(
    (patient.identifier ?? []).map((id, i) => ({ id, path: `${context.path}.identifier[${i}]` })),
    context.mrnSystems,
    issues,
    context.nhsNumbers,
  );
  for (const { link, i } of links) {
    const linkPath = `${context.path}.link[${i}]`;
    const before = issues.length;
    const other = otherRecord(link, linkPath, lookup, context.mrnSystems, issues, context.nhsNumbers);
    if (other === null || issues.length > before) continue; // what is wrong with the other record is said
    const thisSurvives = link.type === 'replaces';
    const survivor = thisSurvives ? own : other;
    const retired = thisSurvives ? other : own;
    const survivorPath = thisSurvives ? `${context.path}.identifier` : `${linkPath}.other`;
    const retiredPath = thisSurvives ? `${linkPath}.other` : `${context.path}.identifier`;
    if (survivor.nhsNumber === null) {
      issues.push(
        issue(
          survivorPath,
          `must give the NHS number (${NHS_NUMBER_SYSTEM}) of the surviving record`,
          'required',
        ),
      );
      continue;
    }
    if (retired.nhsNumber === null && retired.mrn === null) {
      issues.push(
        issue(
          retiredPath,
          'must give the NHS number or local patient id (type MR) of the retired record',
          'required',
        ),
      );
      continue;
    }
    if (retired.nhsNumber === survivor.nhsNumber && (retired.mrn === null || retired.mrn === survivor.mrn)) {
      issues.push(issue(linkPath, 'links the record to itself: nothing to merge', 'business-rule'));
      continue;
    }
    merges.push({
      path: linkPath,
      entryIndex: context.entryIndex,
      messageId: context.messageId,
      part: `${context.partPrefix}link[${i}]`,
      lastUpdated: patient.meta?.lastUpdated ?? null,
      survivor: { nhsNumber: survivor.nhsNumber, mrn: survivor.mrn },
      retired,
    });
  }
  return { merges, issues };
}

/** One merge stated twice in a submission (A `replaced-by` B, B `replaces` A) is one merge: the first kept. */
export function distinctMerges(merges: readonly MergeUnit[]): MergeUnit[] {
  const seen = new Set<string>();
  return merges.filter((m) => {
    const key = `${m.survivor.nhsNumber}|${m.retired.nhsNumber ?? ''}|${m.retired.mrn ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
