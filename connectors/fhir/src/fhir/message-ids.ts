import { createHash } from 'node:crypto';
import { parseJson, textOf } from './json';
import { FHIR_ID, LIMITS } from './model';

/** Message ids from bytes: for bodies the hub could not (or need not) read an id from. */

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The raw message id of bytes: a hash, so resends of bytes the hub could not parse map to the same record. */
export const messageIdOfBytes = (body: Buffer): string => `sha256-${sha256(body)}`;

/**
 * The id a refused message would have had (Bundle.id, or the Encounter's id and version), read as far as
 * the bytes allow, so a dead letter can be matched with the sender's resend; else the hash of the bytes.
 */
export function refusedMessageId(body: Buffer): string {
  try {
    const json = parseJson(textOf(body)) as {
      resourceType?: unknown;
      id?: unknown;
      meta?: { versionId?: unknown; lastUpdated?: unknown };
    };
    // Only ids of the FHIR id form: anything else may be long, or not an id at all.
    if (typeof json.id !== 'string' || !FHIR_ID.test(json.id)) return messageIdOfBytes(body);
    if (json.resourceType === 'Bundle') return json.id;
    if (json.resourceType === 'Encounter' || json.resourceType === 'Patient') {
      const version = json.meta?.versionId ?? json.meta?.lastUpdated;
      if (typeof version === 'string' && version.length <= LIMITS.identifierValue)
        return `${json.resourceType}/${json.id}/_history/${version}`;
    }
  } catch {
    // not JSON: the hash below
  }
  return messageIdOfBytes(body);
}
