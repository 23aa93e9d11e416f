import { readFile } from 'node:fs/promises';
import { ValidationError } from '@homefirst/runtime';
import { z } from 'zod';
import { DAY_MS } from '../model/london-time';
import { resolveParameters, type CityParameters } from '../model/parameters';

/** The command-line options of `run` and `generate`, as commander hands them over (strings). */
export interface RawOptions {
  readonly days?: string;
  readonly seed?: string;
  readonly start?: string;
  readonly backfill?: string;
  readonly speed?: string;
  readonly rate?: string;
  readonly params?: string;
  readonly dryRun?: boolean;
  readonly out?: string;
  readonly lanes?: string;
}

const number = (what: string, check: (n: number) => boolean) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, { error: `must be ${what}` })
    .transform(Number)
    .refine(check, { error: `must be ${what}` });

const optionsSchema = z
  .object({
    days: number('a number of days above 0 and at most 3650', (n) => n > 0 && n <= 3650).default(7),
    seed: number('an integer from 0 to 4294967295', (n) => Number.isInteger(n) && n < 2 ** 32).default(1),
    start: z
      .string()
      .refine((text) => !Number.isNaN(Date.parse(text)), {
        error: 'must be an ISO 8601 date-time, e.g. 2025-01-06T00:00:00Z',
      })
      .transform((text) => new Date(text))
      .optional(),
    backfill: number('a number of days from 0 to --days', (n) => n >= 0).optional(),
    speed: number('simulated seconds per real second, above 0', (n) => n > 0).optional(),
    rate: number('messages per second, above 0', (n) => n > 0).optional(),
    params: z.string().min(1).optional(),
    dryRun: z.boolean().default(false),
    out: z.string().min(1).optional(),
    lanes: number('an integer from 1 to 64', (n) => Number.isInteger(n) && n >= 1 && n <= 64).default(4),
  })
  .superRefine((options, ctx) => {
    if (options.speed !== undefined && options.rate !== undefined)
      ctx.addIssue({ code: 'custom', path: ['rate'], message: 'give --speed or --rate, not both' });
    if (options.backfill !== undefined && options.backfill > options.days)
      ctx.addIssue({ code: 'custom', path: ['backfill'], message: 'must not be more than --days' });
  })
  // Two days of history by default, or the whole span when it is shorter.
  .transform((options) => ({ ...options, backfill: options.backfill ?? Math.min(2, options.days) }));

export type DemoOptions = z.output<typeof optionsSchema>;

/** Validates the options; a ValidationError names each bad option and what it must be. */
export function parseOptions(raw: RawOptions): DemoOptions {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  const parsed = optionsSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: `--${String(issue.path[0] ?? 'options').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    message: issue.message,
  }));
  throw new ValidationError(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
}

export type PaceChoice =
  { readonly kind: 'speed'; readonly speed: number } | { readonly kind: 'rate'; readonly perSecond: number };

export function paceOf(options: DemoOptions): PaceChoice {
  return options.rate !== undefined
    ? { kind: 'rate', perSecond: options.rate }
    : { kind: 'speed', speed: options.speed ?? 1 };
}

/**
 * The default start, chosen so no message is ever dated in the future (the edges refuse those):
 *   --rate (flat out) and `generate`: the span ends now (start = now − days);
 *   --speed: the backfill ends now, and the rest runs `speed` times faster than the wall clock, so it
 *   starts early enough to end about when the run does: start = now − backfill − (days − backfill)·(1 − 1/speed).
 * Whole seconds, so a printed start reproduces the run.
 */
export function defaultStart(now: Date, days: number, backfill: number, pace: PaceChoice | null): Date {
  const lead =
    pace === null || pace.kind === 'rate' ? days : backfill + (days - backfill) * (1 - 1 / pace.speed);
  return new Date(Math.floor((now.getTime() - lead * DAY_MS) / 1000) * 1000);
}

/** The parameters: the defaults, with the JSON file of --params merged over them. */
export async function loadParameters(file: string | undefined): Promise<CityParameters> {
  if (file === undefined) return resolveParameters();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ValidationError(
      `cannot read --params ${file}`,
      [{ path: '--params', message: 'cannot be read' }],
      { cause: err },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError(
      `--params ${file} is not JSON`,
      [{ path: '--params', message: 'is not JSON' }],
      { cause: err },
    );
  }
  const result = resolveParametersSafely(json);
  if (result.ok) return result.parameters;
  throw new ValidationError(
    `--params ${file}: ${result.problems.join('; ')}`,
    result.problems.map((message) => ({ path: '--params', message })),
  );
}

function resolveParametersSafely(
  json: unknown,
): { ok: true; parameters: CityParameters } | { ok: false; problems: string[] } {
  try {
    return { ok: true, parameters: resolveParameters(json) };
  } catch (err) {
    if (err instanceof z.ZodError)
      return { ok: false, problems: err.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
    throw err;
  }
}
