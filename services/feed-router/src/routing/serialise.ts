import { EMPTY_ROUTING, type PersonRouting } from './state';

/**
 * Version of the stored shape; a state of another version is a programming error, not data to guess at.
 * Version 1 kept each stay event's minimised payload; version 2 keeps references (id, time, offset) only.
 */
const VERSION = 2;

interface Stored {
  readonly v: number;
  readonly s: PersonRouting;
}

/** The changelog value of a person's routing state: JSON (numbers and strings only). */
export const serialiseRouting = (state: PersonRouting): Buffer =>
  Buffer.from(JSON.stringify({ v: VERSION, s: state } satisfies Stored));

export const deserialiseRouting = (bytes: Buffer | null): PersonRouting => {
  if (bytes === null || bytes.length === 0) return EMPTY_ROUTING;
  const stored = JSON.parse(bytes.toString('utf8')) as Stored;
  if (stored.v !== VERSION)
    throw new TypeError(
      `routing state version ${stored.v}, this build reads ${VERSION}: reset the router's group and state topic, then replay`,
    );
  return stored.s;
};
