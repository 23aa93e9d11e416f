import { RegistryRequestError } from '../errors';
import type { CompatibilityLevel, RegistryClient } from './registry-client';

/** The compatibility level of every Homefirst subject: new schemas must read data written with every earlier one. */
export const SUBJECT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD_TRANSITIVE';

/**
 * Sets the subject's compatibility level, then registers the schema (idempotent: the registry returns the
 * existing id for a schema it already has). The level is set first so even the second version ever
 * registered is checked; registries that refuse config for a subject that does not exist yet (404) get the
 * first version registered, then the level.
 */
/**
 * Sets the level, tolerating a race: when two processes configure a new subject at once, Apicurio answers
 * the loser 409 ("A rule named 'COMPATIBILITY' already exists"); then the level is read back, and set
 * again only if it differs.
 */
const ensureCompatibility = async (
  registry: RegistryClient,
  subject: string,
  level: CompatibilityLevel,
): Promise<void> => {
  try {
    await registry.setCompatibility(subject, level);
  } catch (error) {
    if (!(error instanceof RegistryRequestError && error.status === 409)) throw error;
    if ((await registry.compatibility(subject)) !== level) await registry.setCompatibility(subject, level);
  }
};

export const registerSubject = async (
  registry: RegistryClient,
  subject: string,
  schema: string,
  level: CompatibilityLevel = SUBJECT_COMPATIBILITY,
): Promise<number> => {
  try {
    await ensureCompatibility(registry, subject, level);
  } catch (error) {
    if (!(error instanceof RegistryRequestError && error.status === 404)) throw error;
    const id = await registry.register(subject, schema);
    await ensureCompatibility(registry, subject, level);
    return id;
  }
  return registry.register(subject, schema);
};
