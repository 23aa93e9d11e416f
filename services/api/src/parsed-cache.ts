/**
 * Parsed stored records by their exact stored text: a queue entry read again unchanged (the same JSON from
 * Redis) is not parsed and validated again. Keyed by the whole text, so a changed record is a new key and
 * can never be answered with its old value; bounded (emptied when full — every entry is re-parseable at any
 * time, so forgetting costs only time). Values are shared between requests: callers must not mutate them.
 */
export class ParsedCache<T> {
  private readonly parsed = new Map<string, T>();

  constructor(
    private readonly parse: (text: string, field: string) => T,
    private readonly maxEntries = 50_000,
  ) {}

  /** The parsed value of each non-null text, in order (nulls left out), parsing only texts not seen before. */
  values(fields: readonly string[], texts: readonly (string | null)[]): T[] {
    const values: T[] = [];
    texts.forEach((text, i) => {
      if (text === null) return;
      let value = this.parsed.get(text);
      if (value === undefined) {
        value = this.parse(text, fields[i] ?? '?');
        if (this.parsed.size >= this.maxEntries) this.parsed.clear();
        this.parsed.set(text, value);
      }
      values.push(value);
    });
    return values;
  }

  get size(): number {
    return this.parsed.size;
  }
}
