import {
  UnavailableError,
  describeError,
  type DedupeStore,
  type Logger,
  type PublishBatch,
} from '@homefirst/runtime';
import type {
  NhsNumberPolicy,
  CouncilEvent,
  MessageDeadLetteredEvent,
  PersonKeyer,
  RawMessageReceivedEvent,
} from '@homefirst/schemas';
import { DEFAULT_COUNCIL_STEP_TOLERANCE_MS, orderQueryOf, orderVerdict } from '../events/order';
import { councilEventIdOf, toCouncilEvent } from '../events/to-event';
import { decodeCouncilRecord, type CouncilRecord, type RecordIdentity } from '../record/council-record';
import { ERROR_CODES, type BatchContext, type InboundItem, type ItemOutcome } from './batch';
import { deadLetterOf, rawEventOf } from './envelopes';
import type { OrderStore } from './order-store';

/** Never seen anything: the offline feed checker, which writes nowhere. */
export const NO_DEDUPE: DedupeStore = {
  seen: () => Promise.resolve(false),
  remember: () => Promise.resolve(),
  seenAll: (messages) => Promise.resolve(messages.map(() => false)),
  rememberAll: () => Promise.resolve(),
};

export interface OutcomeCounter {
  count(channel: string, outcome: ItemOutcome): void;
}

export interface CouncilIngestOptions {
  readonly publish: (batch: PublishBatch) => Promise<void>;
  /** Which records were already accepted: runtime's MessageDedupe (namespace council, sender = council code). */
  readonly dedupe: DedupeStore;
  readonly orderStore: OrderStore;
  readonly personKeyOf: PersonKeyer;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly counter?: OutcomeCounter;
  /** Steps out of order up to this are flagged, beyond it refused (HOMEFIRST_COUNCIL_STEP_TOLERANCE; default 24 h). */
  readonly stepToleranceMs?: number;
  /** Whether 999 test NHS numbers are accepted (HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS; default: accepted). */
  readonly nhsNumbers?: NhsNumberPolicy;
}

/** A batch validated, deduplicated and mapped, not yet written. */
export interface PreparedBatch {
  readonly context: BatchContext;
  readonly outcomes: readonly ItemOutcome[];
  readonly events: readonly CouncilEvent[];
  readonly raw: RawMessageReceivedEvent | null;
  readonly deadLetters: readonly MessageDeadLetteredEvent[];
  /** Records to remember once Kafka acknowledged (council code, record id). */
  readonly accepted: readonly (readonly [string, string])[];
  /** Keys this batch holds in the caller's in-flight set until it is committed. */
  readonly inFlightKeys: readonly string[];
}

const dedupeKey = (record: Pick<CouncilRecord, 'councilCode' | 'recordId'>): string =>
  `${record.councilCode}|${record.recordId}`;

const redisUnavailable = (what: string, cause: unknown): UnavailableError =>
  new UnavailableError(`Redis did not answer while ${what}: ${describeError(cause)}`, {
    dependency: 'redis',
    cause,
  });

type Decoded =
  | { readonly item: InboundItem; readonly record: CouncilRecord }
  | {
      readonly item: InboundItem;
      readonly rejection: Extract<ItemOutcome, { status: 'rejected' }>;
      readonly identity: RecordIdentity;
    };

/** A record refused because its step is out of order beyond the tolerance (its time was not kept). */
const stepOutOfOrder = (
  item: InboundItem,
  record: CouncilRecord,
  problem: string,
): Extract<Decoded, { rejection: unknown }> => ({
  item,
  identity: { recordId: record.recordId, councilCode: record.councilCode, nhsNumber: record.nhsNumber },
  rejection: {
    status: 'rejected',
    position: item.position,
    recordId: record.recordId,
    stage: 'VALIDATE',
    errorCode: 'COUNCIL_STEP_OUT_OF_ORDER',
    issues: [{ path: 'occurredAt', message: problem }],
  },
});

/**
 * The council write path shared by REST, CSV files and the feed checker: validate → skip records
 * already accepted → check the order of steps → map to events → publish raw + events + dead letters in
 * one durable write → remember the accepted record ids. `prepare` does everything but the write (the
 * feed checker stops there); `commit` writes and resolves only once Kafka acknowledged.
 */
export class CouncilIngest {
  private readonly clock: () => Date;

  constructor(private readonly options: CouncilIngestOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async process(items: readonly InboundItem[], context: BatchContext): Promise<readonly ItemOutcome[]> {
    return this.commit(await this.prepare(items, context));
  }

  /**
   * Validates and maps a batch. `inFlight` (CSV files) holds the records of batches prepared but not yet
   * committed, so a record repeated later in the same file is a duplicate even before the first is acked.
   */
  async prepare(
    items: readonly InboundItem[],
    context: BatchContext,
    inFlight?: Set<string>,
  ): Promise<PreparedBatch> {
    const now = this.clock();
    const decoded = items.map((item) => this.decode(item, now));

    const fresh: { readonly item: InboundItem; readonly record: CouncilRecord }[] = [];
    const outcomeOf = new Map<InboundItem, ItemOutcome>();
    const inBatch = new Set<string>();
    const candidates: { readonly item: InboundItem; readonly record: CouncilRecord }[] = [];
    for (const entry of decoded) {
      if ('rejection' in entry) {
        outcomeOf.set(entry.item, entry.rejection);
        continue;
      }
      const key = dedupeKey(entry.record);
      if (inBatch.has(key) || inFlight?.has(key)) {
        outcomeOf.set(entry.item, this.duplicate(entry.item, entry.record));
        continue;
      }
      inBatch.add(key);
      candidates.push(entry);
    }
    let seen: boolean[];
    try {
      seen = await this.options.dedupe.seenAll(
        candidates.map(({ record }) => [record.councilCode, record.recordId] as const),
      );
    } catch (err) {
      throw redisUnavailable('checking for resent records', err);
    }
    candidates.forEach((entry, index) => {
      if (seen[index] === true) outcomeOf.set(entry.item, this.duplicate(entry.item, entry.record));
      else fresh.push(entry);
    });

    const tolerance = this.options.stepToleranceMs ?? DEFAULT_COUNCIL_STEP_TOLERANCE_MS;
    let known: readonly ReadonlyMap<string, number>[];
    try {
      known = await this.options.orderStore.record(
        fresh.map(({ record }) => orderQueryOf(record, tolerance)),
      );
    } catch (err) {
      throw redisUnavailable('checking the order of steps', err);
    }

    const eventContext = {
      channel: context.channel,
      system: context.system,
      recordedAt: now,
      correlationId: context.correlationId,
      personKeyOf: this.options.personKeyOf,
    };
    const events: CouncilEvent[] = [];
    const outOfOrder: Extract<Decoded, { rejection: unknown }>[] = [];
    const accepted: typeof fresh = [];
    fresh.forEach(({ item, record }, index) => {
      const verdict = orderVerdict(record, known[index] ?? new Map(), tolerance);
      if (verdict.kind === 'refused') {
        const refusal = stepOutOfOrder(item, record, verdict.problem);
        outOfOrder.push(refusal);
        outcomeOf.set(item, refusal.rejection);
        return;
      }
      accepted.push({ item, record });
      const event = toCouncilEvent(
        record,
        eventContext,
        verdict.flags.map((flag) => flag.quality),
      );
      events.push(event);
      outcomeOf.set(item, {
        status: 'accepted',
        position: item.position,
        recordId: record.recordId,
        eventId: event.eventId,
        type: event.type,
        flags: verdict.flags.map((flag) => flag.name),
      });
    });

    const outcomes = items.map((item) => outcomeOf.get(item) as ItemOutcome); // every item got one above
    const rejected = [...decoded.filter((entry) => 'rejection' in entry), ...outOfOrder];
    const raw = fresh.length > 0 || rejected.length > 0 ? rawEventOf(context, now) : null;
    const deadLetters = rejected.map((entry) =>
      deadLetterOf(
        entry.item,
        entry.rejection,
        entry.identity,
        context,
        raw?.eventId ?? '',
        now,
        this.options.personKeyOf,
      ),
    );
    const inFlightKeys = accepted.map(({ record }) => dedupeKey(record));
    for (const key of inFlightKeys) inFlight?.add(key);
    return {
      context,
      outcomes,
      events,
      raw,
      deadLetters,
      accepted: accepted.map(({ record }) => [record.councilCode, record.recordId] as const),
      inFlightKeys,
    };
  }

  /** Writes a prepared batch; resolves only once Kafka acknowledged it, then remembers the accepted records. */
  async commit(prepared: PreparedBatch): Promise<readonly ItemOutcome[]> {
    const { context } = prepared;
    const logger = this.options.logger.child({ correlationId: context.correlationId });
    if (prepared.raw !== null) {
      await this.options.publish({
        raw: prepared.raw,
        council: prepared.events,
        deadLetters: prepared.deadLetters,
      });
    }
    try {
      await this.options.dedupe.rememberAll(prepared.accepted);
    } catch (err) {
      // The events are durable; a resend would publish them again under the same eventIds, which consumers dedupe.
      logger.warn({ err }, `could not remember accepted records: ${describeError(err)}`);
    }
    // A file's rejections are in its error report: one log line each only for API requests.
    const level = context.channel === 'COUNCIL_API' ? 'info' : 'debug';
    for (const outcome of prepared.outcomes) {
      this.options.counter?.count(context.channel, outcome);
      if (outcome.status === 'rejected') {
        // No record id (nor any value): see ItemOutcome.
        logger[level](
          {
            position: outcome.position,
            stage: outcome.stage,
            errorCode: outcome.errorCode,
            issues: outcome.issues,
          },
          'council record rejected',
        );
      } else if (outcome.status === 'accepted' && outcome.flags.length > 0) {
        logger[level](
          { position: outcome.position, flags: outcome.flags },
          'council record in suspicious order',
        );
      }
    }
    return prepared.outcomes;
  }

  private duplicate(item: InboundItem, record: CouncilRecord): ItemOutcome {
    return {
      status: 'duplicate',
      position: item.position,
      recordId: record.recordId,
      eventId: councilEventIdOf(record),
    };
  }

  private decode(item: InboundItem, now: Date): Decoded {
    const reject = (
      stage: 'PARSE' | 'MAP' | 'VALIDATE',
      issues: InboundItem['earlyIssues'],
      identity: RecordIdentity,
    ): Decoded => ({
      item,
      identity,
      rejection: {
        status: 'rejected',
        position: item.position,
        ...(item.line !== undefined && { line: item.line }),
        recordId: identity.recordId,
        stage,
        errorCode: ERROR_CODES[stage],
        issues,
      },
    });
    if (item.earlyStage === 'PARSE') {
      return reject('PARSE', item.earlyIssues, { recordId: null, councilCode: null, nhsNumber: null });
    }
    const result = decodeCouncilRecord(item.input, now, this.options.nhsNumbers);
    if (item.earlyIssues.length > 0) {
      const identity = result.ok
        ? {
            recordId: result.record.recordId,
            councilCode: result.record.councilCode,
            nhsNumber: result.record.nhsNumber,
          }
        : result.identity;
      // The mapping left out the fields it could not read; do not also call them missing.
      const reported = new Set(item.earlyIssues.map((issue) => issue.path));
      const later = result.ok ? [] : result.issues.filter((issue) => !reported.has(issue.path));
      return reject(item.earlyStage ?? 'MAP', [...item.earlyIssues, ...later], identity);
    }
    if (!result.ok) return reject('VALIDATE', result.issues, result.identity);
    return { item, record: result.record };
  }
}
