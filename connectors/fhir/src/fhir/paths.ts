import type { z } from 'zod';
import { issue, type FhirIssue } from '../errors';

/** A FHIRPath-style element path: `Encounter.subject.identifier.value`, `Bundle.entry[2].resource.status`. */
export const elementPath = (root: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    root,
  );

const valueAt = (data: unknown, path: readonly PropertyKey[]): unknown => {
  let here: unknown = data;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
};

/**
 * zod's issues as FHIR issues: the path in FHIRPath form under `root`, the FHIR issue type from the kind of
 * problem (a missing element is `required`, a bad code `code-invalid`, a malformed value `value`). zod's
 * messages name the expectation, never the input, so no identifier leaks into an OperationOutcome or a log.
 */
export function fhirIssuesOf(error: z.ZodError, root: string, data: unknown): FhirIssue[] {
  return error.issues.map((zodIssue) => {
    const path = elementPath(root, zodIssue.path);
    if (
      (zodIssue.code === 'invalid_type' || zodIssue.code === 'invalid_value') &&
      valueAt(data, zodIssue.path) === undefined
    ) {
      return issue(path, 'is required', 'required');
    }
    switch (zodIssue.code) {
      case 'invalid_value':
        return issue(path, zodIssue.message, 'code-invalid');
      case 'invalid_format':
      case 'custom':
        return issue(path, zodIssue.message, 'value');
      case 'invalid_type':
      case 'unrecognized_keys':
        return issue(path, zodIssue.message, 'structure');
      case 'too_big':
        // A string over the hub's limits (model.ts LIMITS): R4's "content is too long".
        return issue(path, zodIssue.message, zodIssue.origin === 'string' ? 'too-long' : 'invalid');
      case 'invalid_union':
      case 'invalid_key':
      case 'invalid_element':
      case 'too_small':
      case 'not_multiple_of':
        return issue(path, zodIssue.message, 'invalid');
    }
  });
}
