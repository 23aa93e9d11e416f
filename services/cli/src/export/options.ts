import { actorOf } from '@homefirst/runtime';
import { basename } from 'node:path';
import type { TopicSpec } from '@homefirst/schemas';
import { z } from 'zod';
import { EXPORT_TOPIC_NAMES, EXPORT_TOPICS, type ExportTopic } from './columns';
import { DEFAULT_DEDUPE_WINDOW } from './dedupe';
import type { TimeBasis } from './export-events';
import { EXPORT_FORMATS, type ExportFormat } from './writers';

/** `homefirst export events` options as commander hands them over (strings), before validation. */
export interface RawExportOptions {
  readonly topic?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly by?: string;
  readonly types?: readonly string[];
  readonly format?: string;
  readonly pseudonymise?: boolean;
  readonly pseudonymKeyFile?: string;
  readonly recipient?: string;
  readonly actor?: string;
  readonly out?: string;
  readonly dedupeWindow?: string;
  readonly json?: boolean;
}

export interface ExportRequest {
  readonly topics: readonly ExportTopic[];
  readonly specs: readonly TopicSpec[];
  readonly from?: Date;
  readonly to?: Date;
  readonly by: TimeBasis;
  /** Empty: every type. */
  readonly types: readonly string[];
  readonly format: ExportFormat;
  readonly pseudonymise: boolean;
  readonly pseudonymKeyFile?: string;
  readonly recipient?: string;
  readonly actor: string;
  readonly out: string;
  readonly dedupeWindow: number;
  readonly json: boolean;
}

const DEFAULT_EXPORT_TOPICS: readonly ExportTopic[] = ['hospital', 'council'];

/** `a,b` and repeated flags alike, trimmed, blanks dropped. */
const listOf = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((value) => value.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

const instant = (flag: string) =>
  z
    .string()
    .refine(
      (value) => z.iso.datetime({ offset: true }).safeParse(value).success,
      `${flag} must be an ISO 8601 instant with a zone, e.g. 2025-01-06T09:00:00Z`,
    )
    .transform((value) => new Date(value));

/**
 * Validates the options at the boundary; every problem is an Error with one line naming the option
 * (the CLI prints it and exits 1).
 */
export function parseExportOptions(
  raw: RawExportOptions,
  env: NodeJS.ProcessEnv = process.env,
): ExportRequest {
  const topicNames = listOf(raw.topic);
  const unknownTopic = topicNames.find((name) => !(EXPORT_TOPIC_NAMES as string[]).includes(name));
  if (unknownTopic !== undefined)
    throw new Error(`--topic ${unknownTopic} is not a topic; choose from ${EXPORT_TOPIC_NAMES.join(', ')}`);
  const topics = topicNames.length === 0 ? DEFAULT_EXPORT_TOPICS : [...new Set(topicNames as ExportTopic[])];
  const specs = topics.map((name) => EXPORT_TOPICS[name]);

  if (raw.format === undefined) throw new Error(`--format is required: ${EXPORT_FORMATS.join(', ')}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(raw.format))
    throw new Error(`--format ${raw.format} is not one of ${EXPORT_FORMATS.join(', ')}`);
  if (raw.out === undefined || raw.out.trim() === '') throw new Error('--out <path> is required');

  const by = raw.by ?? 'occurred';
  if (by !== 'occurred' && by !== 'recorded') throw new Error(`--by ${by} is not one of occurred, recorded`);

  const parseInstant = (flag: string, value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    const parsed = instant(flag).safeParse(value);
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? `${flag} is not an instant`);
    return parsed.data;
  };
  const from = parseInstant('--from', raw.from);
  const to = parseInstant('--to', raw.to);
  if (from !== undefined && to !== undefined && from.getTime() > to.getTime())
    throw new Error(`--from ${from.toISOString()} is after --to ${to.toISOString()}`);

  const types = [...new Set(listOf(raw.types))];
  const known = new Set(specs.flatMap((spec) => spec.eventTypes));
  const unknownType = types.find((type) => !known.has(type) || type === 'Unknown');
  if (unknownType !== undefined)
    throw new Error(`--types ${unknownType} is not an event type of ${topics.join(', ')}`);

  if (raw.pseudonymKeyFile !== undefined && raw.pseudonymise !== true)
    throw new Error('--pseudonym-key-file needs --pseudonymise');

  const window = Number(raw.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW);
  if (!Number.isInteger(window) || window < 1 || window > 10_000_000)
    throw new Error('--dedupe-window must be a whole number from 1 to 10000000');

  return {
    topics,
    specs,
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    by,
    types,
    format: raw.format as ExportFormat,
    pseudonymise: raw.pseudonymise === true,
    ...(raw.pseudonymKeyFile !== undefined && { pseudonymKeyFile: raw.pseudonymKeyFile }),
    ...(raw.recipient !== undefined && raw.recipient.trim() !== '' && { recipient: raw.recipient.trim() }),
    actor: actorOf(env, raw.actor),
    out: raw.out,
    dedupeWindow: window,
    json: raw.json === true,
  };
}

/** The file name only, for the audit record (never the folder: it may name a person's home). */
export const outNameOf = (out: string): string => basename(out);
