import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { InvalidNhsNumberError } from '../errors';
import { wellFormedNhsNumberOf } from './nhs-number';

/** Minimum secret length: 32 bytes, the HMAC-SHA256 block-size guidance for full strength. */
export const MIN_PERSON_KEY_SECRET_BYTES = 32;

/**
 * personKey = base64url( first 16 bytes of HMAC-SHA256(secret, normalised 10-digit NHS number) ), 22 characters.
 *
 * - Stable and joinable: the same NHS number gives the same key on every stream, in every process that
 *   shares the secret. It is the Kafka key of the person topics, so changing the secret re-partitions
 *   every person and breaks joins with history: rotating it means re-keying the topics.
 * - Not reversible without the secret (NHS numbers are only ~10^9, so an unkeyed hash would be).
 * - 128 bits: collision chance is negligible for England's population.
 */
export type PersonKeyer = (nhsNumber: string) => string;

export const createPersonKeyer = (secret: string | Uint8Array): PersonKeyer => {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_PERSON_KEY_SECRET_BYTES) {
    throw new RangeError(
      `personKey secret must be at least ${MIN_PERSON_KEY_SECRET_BYTES} bytes, got ${bytes.length}`,
    );
  }
  const key: KeyObject = createSecretKey(bytes);
  return (nhsNumber) => {
    // Well formed, any range: the edge already applied its range policy, and a policy change (test numbers
    // allowed or not) must never change the key of a person already in the topics.
    const normalised = wellFormedNhsNumberOf(nhsNumber);
    if (normalised === null) throw new InvalidNhsNumberError();
    return createHmac('sha256', key)
      .update(normalised, 'utf8')
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  };
};

/** The shape every personKey has: 22 base64url characters. */
export const isPersonKey = (value: string): boolean => /^[A-Za-z0-9_-]{22}$/.test(value);
