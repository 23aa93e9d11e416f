import type { ResourceLookup } from '../mapping/facts';
import type { Bundle } from './model';
import { typeAndIdOf } from './references';

/** Where references point: a resource's contained resources and a Bundle's entries. Pure. */

/** A Bundle's entries by fullUrl and by Type/id, with their FHIRPaths. */
export type EntryIndex = ReadonlyMap<string, { resource: unknown; path: string }>;

/** A Bundle entry a reference points at: by fullUrl, else by the trailing Type/id of a relative or absolute URL. */
export function findInBundle(
  index: EntryIndex,
  ref: string,
): { resource: unknown; path: string } | undefined {
  const direct = index.get(ref);
  if (direct) return direct;
  const key = typeAndIdOf(ref);
  return key === null ? undefined : index.get(key);
}

/** Looks references up among a resource's contained resources and a Bundle's entries. */
export function lookupFor(
  containedResources: readonly unknown[] | undefined,
  resourcePath: string,
  bundleEntries: EntryIndex,
): ResourceLookup {
  const contained = new Map<string, { resource: unknown; path: string }>();
  (containedResources ?? []).forEach((resource, i) => {
    const id = (resource as { id?: unknown } | null)?.id;
    if (typeof id === 'string')
      contained.set(`#${id}`, { resource, path: `${resourcePath}.contained[${i}]` });
  });
  return {
    find: (ref) => (ref.startsWith('#') ? contained.get(ref) : findInBundle(bundleEntries, ref)),
  };
}

/** Index of a Bundle's entries by fullUrl and by Type/id, for reference lookups. */
export function indexEntries(b: Bundle): Map<string, { resource: unknown; path: string }> {
  const index = new Map<string, { resource: unknown; path: string }>();
  (b.entry ?? []).forEach((entry, i) => {
    if (!entry.resource) return;
    const value = { resource: entry.resource, path: `Bundle.entry[${i}].resource` };
    if (entry.fullUrl !== undefined) index.set(entry.fullUrl, value);
    const id = (entry.resource as { id?: unknown }).id;
    if (typeof id === 'string') index.set(`${entry.resource.resourceType}/${id}`, value);
  });
  return index;
}
