import { EMPTY_ROUTING, type PersonRouting } from './state';

/** Version of the stored shape; a state of another version is a programming error, not data to guess at. */
const VERSION = 1;

interface Stored {
  readonly v: number;
  readonly s: PersonRouting;
}

/** A Date in stored JSON: `{ "$date": epochMs }` (JSON has no date type). */
const DATE = '$date';

/** The changelog value of a person's routing state: JSON, dates kept as dates. */
export const serialiseRouting = (state: PersonRouting): Buffer =>
  Buffer.from(
    JSON.stringify(
      { v: VERSION, s: state } satisfies Stored,
      function (this: Record<string, unknown>, key, value) {
        const raw = this[key];
        return raw instanceof Date ? { [DATE]: raw.getTime() } : (value as unknown);
      },
    ),
  );

export const deserialiseRouting = (bytes: Buffer | null): PersonRouting => {
  if (bytes === null || bytes.length === 0) return EMPTY_ROUTING;
  const stored = JSON.parse(bytes.toString('utf8'), (_key, value: unknown) =>
    typeof value === 'object' && value !== null && DATE in value
      ? new Date((value as { [DATE]: number })[DATE])
      : value,
  ) as Stored;
  if (stored.v !== VERSION)
    throw new TypeError(`routing state version ${stored.v}, this build reads ${VERSION}`);
  return stored.s;
};
