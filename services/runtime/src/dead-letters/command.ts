import { createCodec } from '../codec';
import { userInfo } from 'node:os';
import { type EventCodec } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import { redriveAuditEvent, writeAudit } from './audit';
import type { HubConfig } from '../config';
import { NotFoundError } from '../errors';
import { createKafka } from '../kafka';
import { createLogger, type Logger } from '../logger';
import { SOURCE_ROUTES, type DataSource } from '../remap/sources';
import { RedriveClaims } from './claims';
import type { DeadLetterFilter } from './filter';
import { formatDeadLetterShow, formatDeadLetterTable, deadLetterSummary } from './format';
import { readDeadLetters, type StoredDeadLetter } from './read';
import { formatRedriveReports, redriveDeadLetters, type Redriver } from './redrive';

type ToolConfig = Pick<HubConfig, 'kafka' | 'registry' | 'topicPrefix'>;

/** What every dead-letter command is given: the hub's settings, text or JSON lines, and where to print. */
interface CommandIo {
  readonly config: ToolConfig;
  readonly json: boolean;
  readonly out: (text: string) => void;
}

interface Reading {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly logger: Logger;
}

function reading(config: ToolConfig): Reading {
  // kafkajs' own complaints stay quiet: a broker that is down is reported once, by the error it raises.
  const logger = createLogger({ name: 'deadletters', level: 'fatal' }, process.stderr);
  return {
    kafka: createKafka(config, logger),
    codec: createCodec(config),
    logger,
  };
}

/** Reads the dead letters matching `filter` from the hub's dead-letter topic. */
export async function findDeadLetters(
  config: ToolConfig,
  filter: DeadLetterFilter,
): Promise<StoredDeadLetter[]> {
  return readDeadLetters({ ...reading(config), topicPrefix: config.topicPrefix, filter });
}

/** `deadletters list`: a table (no payloads) or, with --json, one JSON object per line; oldest first. */
export async function runListCommand(
  options: CommandIo & { readonly filter: DeadLetterFilter },
): Promise<number> {
  const found = await findDeadLetters(options.config, options.filter);
  // Partitions are read one after another: show them in the order they failed.
  const events = found
    .map((stored) => stored.event)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : 1));
  options.out(
    options.json
      ? events.map((event) => `${JSON.stringify(deadLetterSummary(event))}\n`).join('')
      : formatDeadLetterTable(events),
  );
  return events.length;
}

/** `deadletters show <id>`: the reason and the original payload, to `out` (stdout) only. */
export async function runShowCommand(options: CommandIo & { readonly id: string }): Promise<void> {
  const [found] = await findDeadLetters(options.config, { ids: new Set([options.id]) });
  if (found === undefined) throw unknownIds([options.id]);
  options.out(formatDeadLetterShow(found.event, options.json));
}

export const unknownIds = (ids: readonly string[]): NotFoundError =>
  new NotFoundError(
    `no dead letter with eventId ${ids.join(', ')} on the dead-letter topic (see: homefirst deadletters list)`,
  );

/**
 * Who runs a command, for its audit record (redrive, rebuild, export, councils, subscriptions): --actor,
 * else HOMEFIRST_ACTOR, the first that is not blank, trimmed; else the operating-system user.
 */
export function actorOf(env: Readonly<Record<string, string | undefined>>, option?: string): string {
  const named = [option, env.HOMEFIRST_ACTOR].map((value) => value?.trim()).find((value) => !!value);
  if (named !== undefined) return named;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface RedriveCommandOptions extends CommandIo {
  readonly source: DataSource;
  readonly ids: readonly string[];
  readonly force: boolean;
  readonly redriver: Redriver;
  /** Where the redrive marks live (the connector's Redis). */
  readonly redis: Redis;
  /** Writes the DeadLetterRedriven audit records (the connector's producer, connected). */
  readonly producer: Producer;
  readonly actor: string;
}

/**
 * A connector's `redrive <ids…>` command, written once: read those dead letters (ids of another
 * connector's dead letters, or not on the topic, are reported not-found), redrive each through the
 * connector's live path (`redriveDeadLetters`), print one line each (or JSON lines). Returns the exit
 * code: 0 when every one was accepted, 1 otherwise.
 */
export async function runRedriveCommand(options: RedriveCommandOptions): Promise<number> {
  const channels: ReadonlySet<string> = new Set(SOURCE_ROUTES[options.source].channels);
  const read = reading(options.config);
  const { codec } = read;
  const found = (
    await readDeadLetters({
      ...read,
      topicPrefix: options.config.topicPrefix,
      filter: { ids: new Set(options.ids) },
    })
  ).filter((stored) => channels.has(stored.event.source.channel));
  // A dead letter is on the topic once (its eventId is the refusal's); keep the first of any repeat.
  const byId = new Map(found.map((stored) => [stored.event.eventId, stored.event] as const));
  const reports = await redriveDeadLetters({
    deadLetters: options.ids.flatMap((id) => {
      const event = byId.get(id);
      byId.delete(id);
      return event === undefined ? [] : [event];
    }),
    missing: options.ids.filter((id) => !found.some((stored) => stored.event.eventId === id)),
    redriver: options.redriver,
    claims: new RedriveClaims(options.redis, options.config.topicPrefix),
    actor: options.actor,
    force: options.force,
    audit: (deadLetter, result) =>
      writeAudit(
        options.producer,
        codec,
        options.config.topicPrefix,
        redriveAuditEvent(deadLetter, result, options.actor, new Date()),
      ),
  });
  options.out(
    options.json
      ? reports.map((report) => `${JSON.stringify(report)}\n`).join('')
      : formatRedriveReports(reports),
  );
  return reports.every((report) => report.outcome === 'accepted') ? 0 : 1;
}
