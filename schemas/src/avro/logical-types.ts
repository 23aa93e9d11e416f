import { Type, types, type Schema } from 'avsc';

/**
 * How Avro logical types appear in TypeScript:
 *   timestamp-millis → `Date` (an instant; UTC on the wire)
 *   date             → `LocalDate`, an ISO `YYYY-MM-DD` string (a calendar day with no time zone:
 *                      using `Date` for these invites off-by-one-day bugs around midnight and BST).
 */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLocalDate = (value: unknown): value is LocalDate => {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

export class TimestampMillisType extends types.LogicalType {
  protected override _fromValue(millis: number): Date {
    return new Date(millis);
  }

  protected override _toValue(value: unknown): number | undefined {
    // undefined makes the underlying long reject the value, so avsc reports the path as invalid.
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : undefined;
  }

  /** Maps a writer's decoded values to ours: already a Date from the same logical type, else raw millis. */
  protected override _resolve(writer: Type): ((value: Date | number) => Date) | undefined {
    if (Type.isType(writer, 'logical:timestamp-millis')) return (value) => value as Date;
    if (Type.isType(writer, 'long', 'int')) return (millis) => this._fromValue(millis as number);
    return undefined;
  }
}

/**
 * Days since the epoch by LocalDate, and back, for the dates already seen: events carry few distinct dates
 * (this year's), and working one out takes a Date, an ISO string and a RegExp match. Bounded: emptied when
 * full.
 */
const DATE_CACHE_LIMIT = 20_000;
const daysByDate = new Map<string, number>();
const dateByDays = new Map<number, LocalDate>();

const remember = <K, V>(cache: Map<K, V>, key: K, value: V): V => {
  if (cache.size >= DATE_CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
};

export class LocalDateType extends types.LogicalType {
  protected override _fromValue(daysSinceEpoch: number): LocalDate {
    return (
      dateByDays.get(daysSinceEpoch) ??
      remember(dateByDays, daysSinceEpoch, new Date(daysSinceEpoch * MS_PER_DAY).toISOString().slice(0, 10))
    );
  }

  protected override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const known = daysByDate.get(value);
    if (known !== undefined) return known;
    return isLocalDate(value)
      ? remember(daysByDate, value, Date.parse(`${value}T00:00:00.000Z`) / MS_PER_DAY)
      : undefined;
  }

  protected override _resolve(writer: Type): ((value: LocalDate | number) => LocalDate) | undefined {
    if (Type.isType(writer, 'logical:date')) return (value) => value as LocalDate;
    if (Type.isType(writer, 'int')) return (days) => this._fromValue(days as number);
    return undefined;
  }
}

/**
 * The one place avsc types are built, so every codec, test and tool decodes the same way.
 * Unions: avsc's 'auto' wrapping keeps `["null", X]` unwrapped (`X | null`) and wraps the envelope's
 * `payload` union of records; the codec hides that wrapping behind `type`.
 */
export const parseAvro = (schema: Schema | object): Type =>
  Type.forSchema(schema as Schema, {
    logicalTypes: { 'timestamp-millis': TimestampMillisType, date: LocalDateType },
    assertLogicalTypes: true,
    wrapUnions: 'auto',
  });
