import { createCounter } from '@homefirst/runtime';
import type { ItemOutcome } from './pipeline/batch';
import type { OutcomeCounter } from './pipeline/council-ingest';

/**
 * Prometheus counters of the council connector, by channel (COUNCIL_API, COUNCIL_CSV):
 * accepted, rejected, duplicates, flagged (accepted in suspicious order) and held. Council records
 * always carry the NHS number, so nothing is ever held for an unknown identity: `held` stays 0 and is
 * there so dashboards treat every connector alike.
 */
/** prom-client's Counter, as runtime creates it (prom-client is runtime's dependency, not ours). */
type Counter<Label extends string> = ReturnType<typeof createCounter<Label>>;

interface CouncilCounters {
  readonly accepted: Counter<'channel'>;
  readonly rejected: Counter<'channel' | 'stage'>;
  readonly duplicates: Counter<'channel'>;
  readonly flagged: Counter<'channel'>;
  readonly held: Counter<'channel'>;
  readonly files: Counter<'outcome'>;
}

let counters: CouncilCounters | undefined;

/** The counters, registered once per process on runtime's shared registry. */
export function councilCounters(): CouncilCounters {
  counters ??= {
    accepted: createCounter({
      name: 'homefirst_council_records_accepted_total',
      help: 'Council records accepted (Kafka acknowledged).',
      labelNames: ['channel'],
    }),
    rejected: createCounter({
      name: 'homefirst_council_records_rejected_total',
      help: 'Council records rejected and dead-lettered.',
      labelNames: ['channel', 'stage'],
    }),
    duplicates: createCounter({
      name: 'homefirst_council_records_duplicates_total',
      help: 'Council records already accepted before (same council and record id).',
      labelNames: ['channel'],
    }),
    flagged: createCounter({
      name: 'homefirst_council_records_flagged_total',
      help: 'Accepted council records flagged for suspicious order.',
      labelNames: ['channel'],
    }),
    held: createCounter({
      name: 'homefirst_council_records_held_total',
      help: 'Council records held for an unknown identity (always 0: records carry the NHS number).',
      labelNames: ['channel'],
    }),
    files: createCounter({
      name: 'homefirst_council_files_total',
      help: 'CSV files from the drop folder, by outcome.',
      labelNames: ['outcome'],
    }),
  };
  return counters;
}

export const outcomeCounter = (): OutcomeCounter => {
  const c = councilCounters();
  for (const channel of ['COUNCIL_API', 'COUNCIL_CSV']) c.held.inc({ channel }, 0);
  return {
    count(channel: string, outcome: ItemOutcome): void {
      switch (outcome.status) {
        case 'accepted':
          c.accepted.inc({ channel });
          if (outcome.flags.length > 0) c.flagged.inc({ channel });
          break;
        case 'duplicate':
          c.duplicates.inc({ channel });
          break;
        case 'rejected':
          c.rejected.inc({ channel, stage: outcome.stage });
          break;
        default:
          outcome satisfies never;
      }
    },
  };
};
