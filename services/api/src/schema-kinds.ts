import { Type, type Static, type TNumber, type TString, type TUnsafe } from '@sinclair/typebox';

// Response shapes that fast-json-stringify writes without a validator. An `anyOf` (TypeBox's Type.Union) makes
// it run an Ajv validator on every value to pick the branch — for a page of 50 queue items, hundreds of
// validations per response. A nullable field says `nullable: true` (OpenAPI 3.0's own keyword; Ajv knows it
// too) and a choice of fixed strings is a string `enum`: both are written directly.

/** A string or number that may be null (OpenAPI 3.0 `nullable`). */
export const Nullable = <T extends TString | TNumber>(schema: T): TUnsafe<Static<T> | null> =>
  Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });

/** One of fixed strings (a string `enum`), e.g. a pathway. */
export const StringEnum = <const V extends string>(
  values: readonly V[],
  options: { readonly description?: string } = {},
): TUnsafe<V> => Type.Unsafe<V>({ type: 'string', enum: [...values], ...options });

/** One of fixed strings, or null. */
export const NullableStringEnum = <const V extends string>(
  values: readonly V[],
  options: { readonly description?: string } = {},
): TUnsafe<V | null> =>
  Type.Unsafe<V | null>({ type: 'string', enum: [...values, null], nullable: true, ...options });
