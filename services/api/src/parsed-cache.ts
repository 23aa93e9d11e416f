/**
 * Parsed stored records by field (a person key, an episode id), each with the exact stored text it was parsed
 * from: a record read again unchanged (the same JSON from Redis) is not parsed and validated again; a changed
 * text is parsed afresh and replaces the old value, so a field is never answered with a value of another text.
 * Looked up by the short field and checked by comparing texts (not hashing the whole text for a map key).
 * Bounded (emptied when full — every entry is re-parseable at any time, so forgetting costs only time). Values
 * are shared between requests: callers must not mutate them.
 */
export class ParsedCache<T> {
  private readonly parsed = new Map<string, { readonly text: string | Buffer; readonly value: T }>();

  constructor(
    private readonly parse: (text: string, field: string) => T,
    private readonly maxEntries = 50_000,
  ) {}

  /**
   * The parsed value of each non-null text, in order (nulls left out), parsing only texts not seen before. A
   * text read as bytes (HMGET's buffer form: no UTF-8 decoding of an unchanged record) is compared byte for
   * byte, and kept as a copy of its own (never a view of the connection's read buffer).
   */
  values(fields: readonly string[], texts: readonly (string | Buffer | null)[]): T[] {
    const values: T[] = [];
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (text === null || text === undefined) continue;
      const field = fields[i] ?? '?';
      const known = this.parsed.get(field);
      if (known !== undefined && sameText(known.text, text)) {
        values.push(known.value);
        continue;
      }
      const value = this.parse(typeof text === 'string' ? text : text.toString('utf8'), field);
      if (known === undefined && this.parsed.size >= this.maxEntries) this.parsed.clear();
      this.parsed.set(field, { text: typeof text === 'string' ? text : Buffer.from(text), value });
      values.push(value);
    }
    return values;
  }

  get size(): number {
    return this.parsed.size;
  }
}

const sameText = (known: string | Buffer, text: string | Buffer): boolean =>
  typeof known === 'string' || typeof text === 'string' ? known === text : known.equals(text);
