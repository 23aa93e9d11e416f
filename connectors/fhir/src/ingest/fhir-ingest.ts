import {
  childLogger,
  describeError,
  HubError,
  UnavailableError,
  ValidationError,
  type EventPublisher,
  type IdentityIndex,
  type Logger,
  type MessageDedupe,
  type ValidationIssue,
} from '@homefirst/runtime';
import {
  eventIdFor,
  type DeadLetterEvent,
  type FailedStage,
  type HospitalEvent,
  type PersonKeyer,
  type RawEvent,
  type Source,
} from '@homefirst/schemas';
import type { EncounterUnit, Submission } from '../fhir/parse';
import type { DecisionOutcome } from '../mapping/decide';
import { dedupeIdOf, foldUnits, spellKeyOf, type UnitToDecide } from '../mapping/map-submission';
import { deserializeHeld, isOurs, serializeHeld, type HeldEncounter } from './held';
import { KeyedMutex } from './keyed-mutex';
import type { FhirMetrics } from './metrics';
import type { SpellStore } from './spell-store';

/**
 * The write path of the FHIR connector, around the pure mapping: dedupe resends, resolve the patient
 * through the identity index (or hold the Encounter until it can), decide each Encounter against its
 * spell's snapshot, publish raw + events + dead letters in one durable write, and only then remember what
 * was done. Whoever calls it answers the sender only after the promise resolves.
 *
 * A publish that outlives the sender's patience (Kafka down) keeps going: the request is kept "in flight",
 * and a resend of the same message joins it instead of publishing a second copy. So after Kafka returns a
 * resend succeeds with no duplicate record, and nothing is acknowledged before it was written.
 */

export interface Inbound {
  readonly submission: Submission;
  readonly body: Buffer;
  readonly contentType: string;
  /** ODS code of the trust, from its credentials. */
  readonly orgCode: string;
  readonly transport: 'HTTP' | 'POLL';
  readonly correlationId: string;
  readonly receivedAt: Date;
}

export type UnitStatus = DecisionOutcome | 'duplicate' | 'held';

export interface UnitReport {
  readonly spellId: string;
  readonly status: UnitStatus;
  readonly events: ReadonlyArray<HospitalEvent['type']>;
}

export interface IngestReport {
  /** One per Submission unit, in order. */
  readonly units: readonly UnitReport[];
  /** Held Encounters (of earlier messages) this one released. */
  readonly released: number;
  readonly deadLetters: number;
}

export interface Rejection {
  readonly body: Buffer;
  readonly contentType: string;
  readonly orgCode: string;
  readonly system: string;
  readonly messageId: string;
  readonly transport: 'HTTP' | 'POLL';
  readonly correlationId: string;
  readonly receivedAt: Date;
  readonly stage: FailedStage;
  readonly error: HubError;
}

export interface FhirIngestOptions {
  readonly publisher: EventPublisher;
  readonly dedupe: MessageDedupe;
  readonly identity: IdentityIndex;
  readonly spells: SpellStore;
  readonly personKey: PersonKeyer;
  readonly logger: Logger;
  readonly metrics: FhirMetrics;
  /** Requests allowed to wait for Kafka at once; beyond it new ones are refused (503) at once. */
  readonly maxInFlight?: number;
  readonly clock?: () => Date;
}

/** Redis failures are the dependency's, and retriable: the sender resends later (503). */
async function redis<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw new UnavailableError(`Redis failed while trying to ${what}: ${describeError(err)}`, {
      dependency: 'redis',
      cause: err,
    });
  }
}

const reasonOf = (issues: readonly ValidationIssue[]): string =>
  issues.map((i) => `${i.path}: ${i.message}`).join('; ');

export class FhirIngest {
  private readonly inFlight = new Map<string, Promise<IngestReport>>();
  private readonly mutex = new KeyedMutex();
  private readonly maxInFlight: number;
  private readonly clock: () => Date;

  constructor(private readonly options: FhirIngestOptions) {
    this.maxInFlight = options.maxInFlight ?? 1000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Requests still waiting for Kafka (including those whose sender already got a 503). */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Waits (at most `timeoutMs`) for writes still in flight, e.g. those whose senders already got a 503, so
   * a graceful shutdown does not cut them off; returns how many were still running at the deadline.
   */
  async drain(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight.values()]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return this.inFlight.size;
  }

  /**
   * Maps and durably writes one inbound message; resolves once Kafka acknowledged it all (and held
   * Encounters are held). The connector's own bookkeeping (spell snapshots, the resend memory) is finished
   * after that, still under the spell's lock and still "in flight", so the next message of the spell and
   * any resend wait for it; only the sender's answer does not.
   */
  submit(inbound: Inbound): Promise<IngestReport> {
    const key = `${inbound.orgCode}|${inbound.submission.messageId}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    if (this.inFlight.size >= this.maxInFlight)
      return Promise.reject(
        new UnavailableError(`${this.inFlight.size} messages are already waiting for Kafka`, {
          dependency: 'kafka',
        }),
      );
    let answer: (report: IngestReport) => void = () => undefined;
    const answered = new Promise<IngestReport>((resolve) => {
      answer = resolve;
    });
    const work = this.process(inbound, answer).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    // The sender may have stopped waiting (503); the outcome still matters to a resend, not to Node.
    work.catch((err: unknown) =>
      childLogger(this.options.logger, inbound.correlationId).warn(
        { err, code: err instanceof HubError ? err.code : undefined },
        `message not stored: ${describeError(err)}`,
      ),
    );
    return Promise.race([answered, work]);
  }

  /** Writes a refused message to the raw and dead-letter topics (stage, code, reason; no identifiers). */
  async reject(rejection: Rejection): Promise<void> {
    const source = this.sourceOf(rejection.orgCode, rejection.system, rejection.messageId);
    const raw = this.rawEvent(
      source,
      rejection.transport,
      rejection.contentType,
      rejection.body,
      rejection.correlationId,
      rejection.receivedAt,
    );
    const issues = rejection.error instanceof ValidationError ? rejection.error.issues : [];
    await this.options.publisher.publish({
      raw,
      deadLetters: [
        this.deadLetter(
          source,
          raw,
          rejection.stage,
          rejection.error.code,
          issues.length > 0 ? reasonOf(issues) : rejection.error.message,
          rejection.error.retriable,
          '',
          rejection.correlationId,
        ),
      ],
    });
  }

  private sourceOf(orgCode: string, system: string, messageId: string): Source {
    return { channel: 'FHIR', system, orgCode, messageId };
  }

  private rawEvent(
    source: Source,
    transport: 'HTTP' | 'POLL',
    contentType: string,
    body: Buffer,
    correlationId: string,
    receivedAt: Date,
  ): RawEvent {
    return {
      eventId: eventIdFor(source, 'RawMessageReceived'),
      type: 'RawMessageReceived',
      occurredAt: receivedAt,
      recordedAt: this.clock(),
      source,
      personKey: null,
      correlationId,
      payload: { transport, contentType, body },
    };
  }

  private deadLetter(
    source: Source,
    raw: RawEvent,
    stage: FailedStage,
    errorCode: string,
    reason: string,
    retriable: boolean,
    part: string,
    correlationId: string,
  ): DeadLetterEvent {
    const now = this.clock();
    return {
      eventId: eventIdFor(source, 'MessageDeadLettered', part),
      type: 'MessageDeadLettered',
      occurredAt: now,
      recordedAt: now,
      source,
      personKey: null,
      correlationId,
      payload: {
        stage,
        errorCode,
        reason,
        retriable,
        contentType: raw.payload.contentType,
        input: raw.payload.body,
        rawEventId: raw.eventId,
        originalTopic: null,
        originalPartition: null,
        originalOffset: null,
      },
    };
  }

  private async process(inbound: Inbound, answer: (report: IngestReport) => void): Promise<IngestReport> {
    const { submission, orgCode } = inbound;
    const { dedupe, metrics } = this.options;
    const log = childLogger(this.options.logger, inbound.correlationId);
    const units = submission.units;
    const spellKeys = units.map((unit) => spellKeyOf(orgCode, unit));
    const batchIssues = submission.entries.filter((e) => e.issues.length > 0);

    const outcome = await this.mutex.run(spellKeys, async () => {
      // One round trip: was each Encounter received before, and what does the hub know of its spell?
      const [seen, before] = await Promise.all([
        redis('check for resends', () =>
          Promise.all(units.map((unit) => dedupe.seen(orgCode, dedupeIdOf(unit)))),
        ),
        redis('read spell state', () => this.options.spells.getMany(spellKeys)),
      ]);
      const fresh = units.filter((_, i) => seen[i] !== true);
      const duplicates = units.length - fresh.length;
      if (units.length > 0 && fresh.length === 0 && batchIssues.length === 0) {
        log.info(
          { messageId: submission.messageId, units: units.length },
          'resend of a message already accepted',
        );
        return {
          reports: await this.duplicateReports(orgCode, units),
          elsewhere: [],
          releasedHere: 0,
          duplicates,
          deadLetters: 0,
        };
      }

      // Who is each Encounter about? Learning an MRN → NHS number link releases what waited for it.
      const nhsNumbers = new Map<EncounterUnit, string | null>();
      const learned = new Map<string, string>();
      const released: HeldEncounter[] = [];
      for (const unit of fresh) {
        const { nhsNumber, mrn } = unit.identity;
        if (nhsNumber !== null && mrn !== null) {
          const taken = await redis('learn an identity', () =>
            this.options.identity.learn(orgCode, mrn, nhsNumber),
          );
          learned.set(mrn, nhsNumber);
          released.push(...taken.filter(isOurs).map(deserializeHeld));
          // Items another connector keeps in a shared index are not ours to map: they go back untouched.
          const foreign = taken.filter((item) => !isOurs(item));
          if (foreign.length > 0)
            await redis('return foreign held items', () =>
              this.options.identity.hold(orgCode, mrn, ...foreign),
            );
        }
        const resolved =
          nhsNumber ??
          (mrn === null
            ? undefined
            : await redis('resolve an identity', () => this.options.identity.resolve(orgCode, mrn)));
        nhsNumbers.set(unit, resolved ?? null);
      }
      const locked = new Set(spellKeys);
      const here = released.filter((h) => locked.has(spellKeyOf(orgCode, h.unit)));
      const elsewhere = released.filter((h) => !locked.has(spellKeyOf(orgCode, h.unit)));

      try {
        const source = this.sourceOf(orgCode, submission.system, submission.messageId);
        const raw = this.rawEvent(
          source,
          inbound.transport,
          inbound.contentType,
          inbound.body,
          inbound.correlationId,
          inbound.receivedAt,
        );
        const deadLetters = batchIssues.map((entry) =>
          this.deadLetter(
            source,
            raw,
            'VALIDATE',
            'VALIDATION_FAILED',
            reasonOf(entry.issues),
            false,
            `entry[${entry.index}]`,
            inbound.correlationId,
          ),
        );
        const held = fresh.filter((unit) => nhsNumbers.get(unit) === null);
        const toDecide: UnitToDecide[] = [
          // Older messages first: what waited for the identity happened before this message.
          ...here.flatMap((h) => {
            const nhsNumber = learned.get(h.unit.identity.mrn ?? '');
            return nhsNumber === undefined ? [] : [{ ...h, nhsNumber }];
          }),
          ...fresh
            .filter((unit) => nhsNumbers.get(unit) !== null)
            .map((unit) => ({
              unit,
              nhsNumber: nhsNumbers.get(unit) as string, // filtered above
              system: submission.system,
              correlationId: inbound.correlationId,
              receivedAt: inbound.receivedAt,
            })),
        ];
        const { decisions, snapshots } = foldUnits(before, toDecide, {
          orgCode,
          personKey: this.options.personKey,
          recordedAt: this.clock(),
        });
        const events = decisions.flatMap((d) => d.events);

        await this.options.publisher.publish({ raw, hospital: events, deadLetters });

        // Kafka has it all; now remember what was done (a failure here makes the sender resend: 503).
        // Held Encounters first: once the message is remembered as received, a resend would not hold them.
        for (const unit of held) {
          await redis('hold an Encounter', () =>
            this.options.identity.hold(
              orgCode,
              unit.identity.mrn as string, // held only when an MRN is all there is
              serializeHeld({
                unit,
                system: submission.system,
                correlationId: inbound.correlationId,
                receivedAt: inbound.receivedAt,
              }),
            ),
          );
        }
        for (const event of events) metrics.events.inc({ type: event.type });
        metrics.held.inc(held.length);
        metrics.released.inc(here.length);
        if (held.length > 0)
          log.info(
            { held: held.length },
            'Encounter held until the NHS number of its local patient id is known',
          );
        if (here.length > 0) log.info({ released: here.length }, 'held Encounters released');

        const decisionOf = new Map(toDecide.map((item, i) => [item.unit, decisions[i]]));
        const reports = await Promise.all(
          units.map(async (unit, i): Promise<UnitReport> => {
            if (seen[i] === true) return (await this.duplicateReports(orgCode, [unit]))[0] as UnitReport;
            const decision = decisionOf.get(unit);
            if (!decision) return { spellId: unit.facts.spellId, status: 'held', events: [] };
            return {
              spellId: unit.facts.spellId,
              status: decision.outcome,
              events: decision.events.map((e) => e.type),
            };
          }),
        );
        // Durable in Kafka: the sender may be told. The bookkeeping below completes under the lock.
        answer({ units: reports, released: here.length, deadLetters: deadLetters.length });
        try {
          await Promise.all([
            redis('store spell state', () => this.options.spells.setMany(snapshots)),
            redis('remember the message', () =>
              Promise.all(fresh.map((unit) => dedupe.remember(orgCode, dedupeIdOf(unit)))),
            ),
          ]);
        } catch (err) {
          // Kafka has the events; a resend will publish them again with the same eventIds (consumers dedupe).
          log.error({ err }, `spell state not stored after the write: ${describeError(err)}`);
        }
        return { reports, elsewhere, releasedHere: here.length, duplicates, deadLetters: deadLetters.length };
      } catch (err) {
        // Nothing of this message was accepted: what it released must wait again.
        await this.holdAgain(orgCode, [...here, ...elsewhere], log);
        throw err;
      }
    });

    if (outcome.duplicates > 0) metrics.duplicates.inc(outcome.duplicates);
    const releasedElsewhere = await this.releaseElsewhere(orgCode, outcome.elsewhere, log);
    return {
      units: outcome.reports,
      released: outcome.releasedHere + releasedElsewhere,
      deadLetters: outcome.deadLetters,
    };
  }

  /** Status of Encounters already received: held if their local id still has no NHS number. */
  private async duplicateReports(orgCode: string, units: readonly EncounterUnit[]): Promise<UnitReport[]> {
    return Promise.all(
      units.map(async (unit): Promise<UnitReport> => {
        const { nhsNumber, mrn } = unit.identity;
        const waiting =
          nhsNumber === null &&
          mrn !== null &&
          (await redis('resolve an identity', () => this.options.identity.resolve(orgCode, mrn))) ===
            undefined;
        return { spellId: unit.facts.spellId, status: waiting ? 'held' : 'duplicate', events: [] };
      }),
    );
  }

  /** Held Encounters of other spells released by this message: mapped under their own locks. */
  private async releaseElsewhere(
    orgCode: string,
    held: readonly HeldEncounter[],
    log: Logger,
  ): Promise<number> {
    if (held.length === 0) return 0;
    try {
      await this.mutex.run(
        held.map((h) => spellKeyOf(orgCode, h.unit)),
        async () => {
          const toDecide: UnitToDecide[] = [];
          for (const h of held) {
            const nhsNumber =
              h.unit.identity.nhsNumber ??
              (await redis('resolve an identity', () =>
                this.options.identity.resolve(orgCode, h.unit.identity.mrn ?? ''),
              ));
            if (nhsNumber !== undefined) toDecide.push({ ...h, nhsNumber });
          }
          const before = await redis('read spell state', () =>
            this.options.spells.getMany(toDecide.map((item) => spellKeyOf(orgCode, item.unit))),
          );
          const { decisions, snapshots } = foldUnits(before, toDecide, {
            orgCode,
            personKey: this.options.personKey,
            recordedAt: this.clock(),
          });
          const events = decisions.flatMap((d) => d.events);
          await this.options.publisher.publish({ hospital: events });
          await redis('store spell state', () => this.options.spells.setMany(snapshots));
          for (const event of events) this.options.metrics.events.inc({ type: event.type });
          this.options.metrics.released.inc(toDecide.length);
        },
      );
      log.info({ released: held.length }, 'held Encounters of other spells released');
      return held.length;
    } catch (err) {
      log.error(
        { err },
        `held Encounters could not be released now: ${describeError(err)}; holding them again`,
      );
      await this.holdAgain(orgCode, held, log);
      return 0;
    }
  }

  private async holdAgain(orgCode: string, held: readonly HeldEncounter[], log: Logger): Promise<void> {
    for (const h of held) {
      const mrn = h.unit.identity.mrn;
      if (mrn === null) continue;
      await this.options.identity
        .hold(orgCode, mrn, serializeHeld(h))
        .catch((err: unknown) =>
          log.error(
            { err },
            `a held Encounter could not be held again and needs a resend: ${describeError(err)}`,
          ),
        );
    }
  }
}
