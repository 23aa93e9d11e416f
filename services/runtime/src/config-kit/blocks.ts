import { readFileSync } from 'node:fs';
import { DEFAULT_CLOCK_SKEW_TOLERANCE_MS } from '@homefirst/schemas';
import { z } from 'zod';

/**
 * The building blocks of every process's environment schema. Each takes the variable's text and says,
 * when it is wrong, what it must be and what it got, so the message needs no second look at the
 * deployment; secrets say only their length. Blank and unset are the same (the default applies),
 * except for ports: `HOMEFIRST_X_PORT=` is an error, never port 0 (see `compose.ts`).
 */

/** `(got "…")`, shortened; never used for secrets. */
export const got = (input: unknown): string => {
  const text = JSON.stringify(input) ?? String(input);
  return `(got ${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
};

/** Schemas that see a blank value instead of treating it as unset. */
const blankSensitive = new WeakSet<z.ZodType>();

/** Whether a variable's schema (under `.default()` / `.optional()`) wants to see a blank value. */
export function rejectsBlank(schema: z.ZodType): boolean {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  return blankSensitive.has(inner);
}

/** One of a closed set of words; the error lists them all. */
export const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: (issue) => `must be one of ${values.join(', ')} ${got(issue.input)}` });

/** A whole number from `min` to `max`, written in digits. */
export const integer = (min: number, max: number, note = '') => {
  const rule = `must be an integer from ${min} to ${max}${note === '' ? '' : ` ${note}`}`;
  return z
    .string()
    .regex(/^\d+$/, { error: (issue) => `${rule} ${got(issue.input)}` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, {
      error: (issue) => `${rule} ${got(String(issue.input))}`,
    });
};

/**
 * A TCP port; 0 (the default minimum) means "choose a free one" — give `min` 1 for a port to connect to.
 * A blank value is an error, not port 0.
 */
export const port = (min: 0 | 1 = 0) => {
  const schema = integer(min, 65535, min === 0 ? '(0 = choose a free port)' : '');
  blankSensitive.add(schema);
  return schema;
};

/** A number (decimals allowed unless `whole`) from `min` to `max`; `what` says what it counts. */
export const number = (what: string, min: number, max: number, whole = false) =>
  z.string().transform((text, ctx) => {
    const value = Number(text);
    if (
      text.trim() === '' ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (whole && !Number.isInteger(value))
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `must be ${whole ? 'an integer' : 'a number'} ${what} from ${min} to ${max} ${got(text)}`,
      });
      return z.NEVER;
    }
    return value;
  });

/**
 * A consumer group member's session timeout in ms (6 s to 5 min, default 30 s): how long the group
 * waits for a silent member before moving its partitions (the projector, the feed router, webhooks).
 */
export const groupSessionTimeout = () =>
  number('(consumer group session timeout)', 6_000, 300_000, true).default(30_000);

/** A consumer group id (or group id prefix): any non-empty name, `name` by default. */
export const groupId = (name: string) => z.string().min(1).default(name);

const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];

/** true / 1 / yes or false / 0 / no, any case. */
export const flag = () =>
  z.string().transform((text, ctx) => {
    const word = text.trim().toLowerCase();
    if (TRUE_WORDS.includes(word)) return true;
    if (FALSE_WORDS.includes(word)) return false;
    ctx.addIssue({
      code: 'custom',
      message: `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')} ${got(text)}`,
    });
    return z.NEVER;
  });

/** Comma-separated items, trimmed, empty items dropped. */
export const list = () =>
  z.string().transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** One `KEY<separator>VALUE` entry of a list variable; `position` counts from 1 for messages. */
export interface ListEntry {
  readonly position: number;
  /** The text before the first separator, trimmed ('' when there is none). */
  readonly key: string;
  /** The text after the first separator, trimmed ('' when there is none). */
  readonly value: string;
  readonly text: string;
}

/**
 * Comma-separated `KEY<separator>VALUE` entries (`RXN:token`, `RXN=https://…`), split and trimmed; the
 * service checks keys and values in its own `.transform`, naming the entry by its position.
 */
export const entries = (separator: string) =>
  z.string().transform((text): ListEntry[] =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .map((entry, index) => {
        const at = entry.indexOf(separator);
        return {
          position: index + 1,
          key: at === -1 ? '' : entry.slice(0, at).trim(),
          value: at === -1 ? '' : entry.slice(at + separator.length).trim(),
          text: entry,
        };
      }),
  );

/** A URL with one of the given protocols, e.g. `url(['http:', 'https:'])`. */
export const url = (protocols: readonly string[]) =>
  z.string().refine((text) => URL.canParse(text) && protocols.includes(new URL(text).protocol), {
    error: (issue) =>
      `must be a URL starting with ${protocols.map((protocol) => `${protocol}//`).join(' or ')} ${got(issue.input)}`,
  });

/**
 * A file path whose text is the value (a CA bundle, a mounted secret), read when the config is parsed in
 * `main`; `trim` drops surrounding whitespace (a password file's newline). Errors name the path, never the text.
 */
export const fileText = (what: string, trim: boolean) =>
  z.string().transform((path, ctx) => {
    try {
      const text = readFileSync(path, 'utf8');
      const value = trim ? text.trim() : text;
      if (value !== '') return value;
      ctx.addIssue({ code: 'custom', message: `must name ${what}; the file is empty ${got(path)}` });
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      ctx.addIssue({ code: 'custom', message: `must name ${what}; cannot read it (${reason}) ${got(path)}` });
    }
    return z.NEVER;
  });

/** A secret of at least `minLength` characters; errors give its length, never its value. */
export const secret = (minLength: number) =>
  z.string().min(minLength, {
    error: (issue) =>
      `must be at least ${minLength} characters (got ${typeof issue.input === 'string' ? issue.input.length : 0})`,
  });

const DURATION_FACTORS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "60s", "5m", "1h", "500ms" or plain seconds, as milliseconds. */
export const duration = () =>
  z.string().transform((text, ctx) => {
    const match = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `must be a duration such as 30s, 5m or 1h ${got(text)}` });
      return z.NEVER;
    }
    return Number(match[1]) * (DURATION_FACTORS[match[2] ?? 's'] ?? 1000);
  });

/** `host:port,host:port` — Kafka bootstrap brokers. */
export const brokerList = () =>
  z.string().transform((text, ctx) => {
    const brokers = text
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker !== '');
    const bad = brokers.filter((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
    if (brokers.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of host:port ${got(text)}` });
      return z.NEVER;
    }
    return brokers;
  });

/**
 * HOMEFIRST_CLOCK_SKEW_TOLERANCE: how far two times of one message may be in the wrong order before it is
 * refused (within it the event carries a CLOCK_SKEW flag; schemas time/ordering.ts). Every edge reads it.
 */
export const clockSkewToleranceShape = {
  HOMEFIRST_CLOCK_SKEW_TOLERANCE: duration()
    .refine((ms) => ms <= 24 * 3_600_000, { error: 'must be at most 24h' })
    .default(DEFAULT_CLOCK_SKEW_TOLERANCE_MS),
};
