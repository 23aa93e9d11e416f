import { FHIR_ID, LIMITS } from './model';

/**
 * FHIR references read without patterns over the whole text: `Patient/123`, `Patient/123/_history/2`,
 * `https://fhir.trust.nhs.uk/R4/Patient/123`. The work is linear in the reference's length, which the model
 * caps anyway (LIMITS.reference), so a hostile reference costs no more than reading it (issue 12: a regex
 * here once took 20 s on an 80,000-character reference).
 */

export interface ReferenceTarget {
  /** The resource type, the path segment before the id. */
  readonly type: string;
  /** The logical id (a FHIR id). */
  readonly id: string;
}

const RESOURCE_TYPE = /^[A-Za-z]{1,64}$/;
const HISTORY = '/_history/';

/** The `Type/id` a relative or absolute reference ends with (a trailing `/_history/{version}` aside), or null. */
export function targetOf(ref: string): ReferenceTarget | null {
  if (ref.length > LIMITS.reference) return null;
  let path = ref;
  const history = path.lastIndexOf(HISTORY);
  if (
    history !== -1 &&
    history + HISTORY.length < path.length &&
    !path.includes('/', history + HISTORY.length)
  )
    path = path.slice(0, history);
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return null;
  const type = path.slice(path.lastIndexOf('/', slash - 1) + 1, slash);
  const id = path.slice(slash + 1);
  return RESOURCE_TYPE.test(type) && FHIR_ID.test(id) ? { type, id } : null;
}

/** `Type/id` of a reference, the key Bundle entries are indexed by, or null. */
export const typeAndIdOf = (ref: string): string | null => {
  const target = targetOf(ref);
  return target === null ? null : `${target.type}/${target.id}`;
};
