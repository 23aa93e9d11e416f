import type { DeadLetterEvent } from '@homefirst/schemas';
import { describeError } from '../errors';
import type { RedriveClaims } from './claims';

/** What became of one dead letter sent through the live ingest path again. */
export interface RedriveResult {
  /** accepted: written like live traffic; refused: refused again (a new dead letter says why); unavailable: not tried (Kafka/Redis down). */
  readonly outcome: 'accepted' | 'refused' | 'unavailable';
  /** The answer's text, or the new reason (no patient data). */
  readonly detail: string;
  /** Events written. */
  readonly events: number;
  /** Of a refusal or failure: its stable error code (what the audit record keeps). */
  readonly errorCode?: string;
}

/** A connector's ingest path, in-process, as live traffic goes through it. */
export interface Redriver {
  redrive(deadLetter: DeadLetterEvent): Promise<RedriveResult>;
}

export interface RedriveReport {
  readonly deadLetterEventId: string;
  readonly outcome: RedriveResult['outcome'] | 'already-redriven' | 'not-found';
  readonly detail: string;
  readonly events: number;
  readonly errorCode?: string;
}

export interface RedriveOptions {
  readonly deadLetters: readonly DeadLetterEvent[];
  /** Ids asked for that were not found on the topic: reported as not-found. */
  readonly missing?: readonly string[];
  readonly redriver: Redriver;
  readonly claims: RedriveClaims;
  readonly actor: string;
  readonly force: boolean;
  /**
   * Records the redrive on the audit topic (DeadLetterRedriven). A failure here fails the command, except
   * for a redrive that could not be tried (Kafka is likely down then too).
   */
  readonly audit?: (deadLetter: DeadLetterEvent, report: RedriveResult) => Promise<void>;
  readonly clock?: () => Date;
}

/**
 * Redrives dead letters one by one, in the order given: claim the mark (refused with a clear line when a
 * redrive already took it, unless `force`), send the input through the connector's live path, keep the mark
 * with the outcome (released if the redrive could not be tried), record it on the audit topic.
 */
export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveReport[]> {
  const clock = options.clock ?? (() => new Date());
  const reports: RedriveReport[] = (options.missing ?? []).map((id) => ({
    deadLetterEventId: id,
    outcome: 'not-found',
    detail: 'no dead letter with this eventId on the dead-letter topic',
    events: 0,
  }));
  for (const deadLetter of options.deadLetters) {
    const id = deadLetter.eventId;
    const earlier = await options.claims.claim(
      id,
      { at: clock().toISOString(), actor: options.actor, outcome: 'running' },
      options.force,
    );
    if (earlier !== null) {
      reports.push({
        deadLetterEventId: id,
        outcome: 'already-redriven',
        detail: `already redriven at ${earlier.at} by ${earlier.actor} (${earlier.outcome}); not redriven again — --force to redrive it anyway`,
        events: 0,
      });
      continue;
    }
    let result: RedriveResult;
    try {
      result = await options.redriver.redrive(deadLetter);
    } catch (err) {
      result = { outcome: 'unavailable', detail: describeError(err), events: 0, errorCode: 'REDRIVE_FAILED' };
    }
    if (result.outcome === 'unavailable') await options.claims.release(id);
    else
      await options.claims.settle(id, {
        at: clock().toISOString(),
        actor: options.actor,
        outcome: result.outcome,
      });
    if (options.audit !== undefined) {
      const audited = options.audit(deadLetter, result);
      await (result.outcome === 'unavailable' ? audited.catch(() => undefined) : audited);
    }
    reports.push({ deadLetterEventId: id, ...result });
  }
  return reports;
}

/** One line per dead letter redriven. */
export function formatRedriveReports(reports: readonly RedriveReport[]): string {
  return reports
    .map((r) => {
      const events = r.outcome === 'accepted' ? ` (${r.events} event${r.events === 1 ? '' : 's'})` : '';
      return `${r.deadLetterEventId}  ${r.outcome}${events}: ${r.detail}\n`;
    })
    .join('');
}
