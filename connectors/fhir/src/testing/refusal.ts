import { outcomeOf } from '../outcome/operation-outcome';
import { parse } from './corpus';

/** The refusal of a body as the sender sees it: the error, the HTTP status and the OperationOutcome's issues. */
export interface Refusal {
  readonly err: unknown;
  readonly status: number;
  /** Each issue's element (its first expression), null where it names none. */
  readonly paths: readonly (string | null)[];
  readonly codes: readonly string[];
  readonly diagnostics: readonly string[];
  /** The whole OperationOutcome as sent, to check it never echoes a value. */
  readonly text: string;
}

/** Parses `body` as the endpoint `route` would, and returns its refusal; throws when it is accepted. */
export function refusalOf(body: Buffer, route?: Parameters<typeof parse>[1]): Refusal {
  try {
    parse(body, route);
  } catch (err) {
    const { status, outcome } = outcomeOf(err);
    return {
      err,
      status,
      paths: outcome.issue.map((issue) => issue.expression?.[0] ?? null),
      codes: outcome.issue.map((issue) => issue.code),
      diagnostics: outcome.issue.map((issue) => issue.diagnostics ?? ''),
      text: JSON.stringify(outcome),
    };
  }
  throw new Error('expected a refusal');
}
