import { ValidationError } from '../errors';

/** An ISO 8601 date or date-time … */
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A command-line time (`--from`, `--to`): an ISO 8601 date (`2026-12-01`, midnight UTC) or date-time
 * (`2026-12-01T09:00:00Z`, a zone offset, or none for UTC) → epoch ms. Anything else is a ValidationError
 * naming the option and the forms it takes — one clear line for the command to print.
 */
export function parseTimeOption(option: string, text: string): number {
  const trimmed = text.trim();
  if (ISO_INSTANT.test(trimmed)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && trimmed.length > 10;
    const at = Date.parse(hasZone || trimmed.length === 10 ? trimmed : `${trimmed}Z`);
    if (!Number.isNaN(at)) return at;
  }
  throw new ValidationError(
    `${option}: not a time: ${JSON.stringify(text.slice(0, 40))} (ISO 8601, e.g. 2026-12-01 or 2026-12-01T09:00:00Z)`,
    [{ path: option, message: 'not an ISO 8601 date or date-time' }],
  );
}

/** `--from` and `--to` together: each parsed, and `--from` before `--to`. */
export function parseTimeRange(from?: string, to?: string): { from?: number; to?: number } {
  const range = {
    ...(from !== undefined && { from: parseTimeOption('--from', from) }),
    ...(to !== undefined && { to: parseTimeOption('--to', to) }),
  };
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to)
    throw new ValidationError('--from must be before --to', [{ path: '--from', message: 'after --to' }]);
  return range;
}
