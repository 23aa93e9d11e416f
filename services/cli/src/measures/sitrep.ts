import { ValidationError } from '@homefirst/runtime';

/**
 * `homefirst measures sitrep`: downloads the acute discharge sitrep return (GET /api/v1/measures/sitrep,
 * docs/national-measures.md) through the API, with the caller's bearer token, so the CLI sees exactly what
 * the API serves and under the same authentication.
 */

export interface SitrepDownload {
  /** The API's base address, e.g. http://localhost:8080. */
  readonly apiUrl: string;
  readonly token: string;
  readonly from: string;
  readonly to: string;
  readonly format: 'csv' | 'json';
}

export interface RawSitrepOptions {
  readonly from?: string;
  readonly to?: string;
  readonly format?: string;
  readonly api?: string;
  readonly token?: string;
}

const isDate = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/** The options as a download request, from the flags then the environment; a bad one is one clear line. */
export function parseSitrepOptions(opts: RawSitrepOptions, env: NodeJS.ProcessEnv): SitrepDownload {
  const date = (name: 'from' | 'to'): string => {
    const text = opts[name];
    if (text === undefined || !isDate(text))
      throw new ValidationError(
        `--${name}: a London date YYYY-MM-DD is required (got ${text ?? 'nothing'})`,
        [{ path: `--${name}`, message: 'not a date' }],
      );
    return text;
  };
  const [from, to] = [date('from'), date('to')];
  if (to < from)
    throw new ValidationError('--to is before --from', [{ path: '--to', message: 'before --from' }]);
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'json')
    throw new ValidationError(`--format: csv or json (got ${format})`, [
      { path: '--format', message: 'unknown' },
    ]);
  const token = opts.token ?? env.HOMEFIRST_API_TOKEN;
  if (token === undefined || token === '')
    throw new ValidationError(
      'a bearer token is required: --token or HOMEFIRST_API_TOKEN (locally: homefirst token --role analyst)',
      [{ path: '--token', message: 'missing' }],
    );
  let apiUrl = opts.api ?? env.HOMEFIRST_API_URL ?? `http://localhost:${env.HOMEFIRST_API_PORT ?? '8080'}`;
  while (apiUrl.endsWith('/')) apiUrl = apiUrl.slice(0, -1);
  return { apiUrl, token, from, to, format };
}

/** The return's text as the API serves it; an API refusal is an error with its status and detail. */
export async function downloadSitrep(request: SitrepDownload): Promise<string> {
  const query = new URLSearchParams({ from: request.from, to: request.to, format: request.format });
  const res = await fetch(`${request.apiUrl}/api/v1/measures/sitrep?${query.toString()}`, {
    headers: { authorization: `Bearer ${request.token}` },
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (res.ok) return text;
  let detail = text.slice(0, 200);
  try {
    const problem = JSON.parse(text) as { title?: unknown; detail?: unknown };
    detail = [problem.title, problem.detail].filter((part) => typeof part === 'string').join(': ') || detail;
  } catch {
    // not a problem document: the start of the body is the detail
  }
  throw new Error(`the API answered ${res.status}: ${detail}`);
}
