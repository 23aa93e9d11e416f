import { createCodec } from '../codec';

import type { HubConfig } from '../config';
import { describeError, UnavailableError } from '../errors';
import { createKafka } from '../kafka';
import { createLogger } from '../logger';
import { createProducer } from '../producer';
import { remapFromRaw } from './remap';
import type { DataSource, RawMapper } from './sources';
import { formatRemapSummary, type RemapSummary } from './summary';
import { parseTimeOption } from './time-option';

export interface RemapCommandOptions {
  readonly config: Pick<HubConfig, 'kafka' | 'registry' | 'topicPrefix'>;
  readonly source: DataSource;
  readonly mapper: RawMapper;
  /** `--from` as typed. */
  readonly from?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly progress?: boolean;
  readonly out: (text: string) => void;
}

/**
 * A connector's `remap` command, written once: parse `--from`, connect (Kafka, registry; a producer
 * unless --dry-run), run `remapFromRaw`, print the diff summary (a table, or JSON with --json). Failures
 * throw with one clear message (the command line prints it, exit 1).
 */
export async function runRemapCommand(options: RemapCommandOptions): Promise<RemapSummary> {
  const fromTimestamp = options.from === undefined ? undefined : parseTimeOption('--from', options.from);
  // kafkajs' own complaints stay quiet: a broker that is down is reported once, by the error it raises.
  const logger = createLogger({ name: `remap-${options.source}`, level: 'fatal' }, process.stderr);
  const kafka = createKafka(options.config, logger);
  const codec = createCodec(options.config);
  const producer = options.dryRun ? undefined : createProducer(kafka);
  try {
    await producer?.connect().catch((err: unknown) => {
      throw new UnavailableError(`Kafka is not reachable: ${describeError(err)}`, {
        dependency: 'kafka',
        cause: err,
      });
    });
    const summary = await remapFromRaw({
      kafka,
      codec,
      topicPrefix: options.config.topicPrefix,
      logger,
      source: options.source,
      mapper: options.mapper,
      dryRun: options.dryRun,
      ...(fromTimestamp !== undefined && { fromTimestamp }),
      ...(producer !== undefined && { producer }),
      ...(options.progress !== undefined && { progress: options.progress }),
    });
    options.out(options.json ? `${JSON.stringify(summary)}\n` : formatRemapSummary(summary));
    return summary;
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await options.mapper.close?.();
  }
}
