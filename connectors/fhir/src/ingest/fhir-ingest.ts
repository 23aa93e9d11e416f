import {
  childLogger,
  DEFAULT_MAX_INPUT_BYTES,
  describeError,
  HubError,
  KeyedMutex,
  SingleFlight,
  UnavailableError,
  ValidationError,
  type DedupeStore,
  type EventPublisher,
  type IdentityStore,
  type Logger,
} from '@homefirst/runtime';
import type { PersonKeyer } from '@homefirst/schemas';
import type { EncounterUnit } from '../fhir/parse';
import type { MergeUnit } from '../fhir/patient-merge';
import {
  redis,
  type Inbound,
  type IngestReport,
  type LockedOutcome,
  type MergeReport,
  type Rejection,
  type UnitReport,
} from './reports';
import { dedupeIdOf, foldUnits, spellKeyOf, type UnitToDecide } from '../mapping/map-submission';
import { mergeDedupeId } from '../mapping/merges';
import { deadLetter, keptForRefusal, rawEvent, reasonOf, sourceOf } from './fhir-records';
import { PayloadTooLargeError } from '../errors';
import { planWrite, type KnownState, type People, type WritePlan } from './write-plan';
import { heldEncountersIn, type HeldEncounter } from './held';
import type { FhirMetrics } from './metrics';
import type { SpellSnapshots } from './spell-store';

/**
 * The write path of the FHIR connector, around the pure mapping — for each message, under its spells'
 * locks: read what the hub knows (resends, spell snapshots) → identify each patient (learning an MRN →
 * NHS number link releases the Encounters held for it) → plan the write (pure: decide each Encounter
 * against its spell's snapshot) → publish raw + events + dead letters in one durable write → hold the
 * Encounters still unidentified → answer the sender → remember what was done (snapshots, resends).
 *
 * A publish that outlives the sender's patience (Kafka down) keeps going: the request is kept "in flight"
 * (runtime's SingleFlight), and a resend of the same message joins it instead of publishing a second copy.
 * So after Kafka returns a resend succeeds with no duplicate record, and nothing is acknowledged before it
 * was written.
 */

export type { Inbound, IngestReport, MergeReport, Rejection, UnitReport, UnitStatus } from './reports';

export interface FhirIngestOptions {
  readonly publisher: Pick<EventPublisher, 'publish'>;
  /**
   * Writes refusals (raw copy + dead letter) on a Kafka connection of their own, so a sender's huge
   * refused bodies never queue in front of other senders' accepted messages (an idempotent producer
   * sends one request at a time per broker). Default: `publisher`.
   */
  readonly refusals?: Pick<EventPublisher, 'publish'>;
  /** Redis (MessageDedupe) live; memory for a remap. */
  readonly dedupe: DedupeStore;
  readonly identity: IdentityStore;
  readonly spells: SpellSnapshots;
  readonly personKey: PersonKeyer;
  readonly logger: Logger;
  readonly metrics: FhirMetrics;
  /** Requests allowed to wait for Kafka at once; beyond it new ones are refused (503) at once. */
  readonly maxInFlight?: number;
  /** The largest body taken (a pulled or notified one too): runtime's DEFAULT_MAX_INPUT_BYTES by default. */
  readonly maxInputBytes?: number;
  readonly clock?: () => Date;
}

export class FhirIngest {
  private readonly inFlight = new SingleFlight<IngestReport>();
  private readonly mutex = new KeyedMutex();
  private readonly maxInFlight: number;
  private readonly maxInputBytes: number;
  private readonly clock: () => Date;
  private readonly held: ReturnType<typeof heldEncountersIn>;

  constructor(private readonly options: FhirIngestOptions) {
    this.maxInFlight = options.maxInFlight ?? 1000;
    this.maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
    this.clock = options.clock ?? (() => new Date());
    this.held = heldEncountersIn(options.identity);
  }

  /** Requests still waiting for Kafka (including those whose sender already got a 503). */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Waits (at most `timeoutMs`) for writes still in flight, e.g. those whose senders already got a 503, so
   * a graceful shutdown does not cut them off; returns how many were still running at the deadline.
   */
  drain(timeoutMs: number): Promise<number> {
    return this.inFlight.settle(timeoutMs);
  }

  /**
   * Maps and durably writes one inbound message; resolves once Kafka acknowledged it all (and held
   * Encounters are held). The connector's own bookkeeping (spell snapshots, the resend memory) is finished
   * after that, still under the spell's lock and still "in flight", so the next message of the spell and
   * any resend wait for it; only the sender's answer does not.
   */
  submit(inbound: Inbound): Promise<IngestReport> {
    // Its raw record must fit in one Kafka message: refused before anything is written (413 when pushed).
    if (inbound.body.length > this.maxInputBytes)
      return Promise.reject(new PayloadTooLargeError(this.maxInputBytes));
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
    const work = this.inFlight.start(key, () => this.process(inbound, answer));
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
    const source = sourceOf(rejection.orgCode, rejection.system, rejection.messageId);
    const { kept, note } = keptForRefusal(rejection, this.maxInputBytes);
    const raw = rawEvent(source, kept, this.clock());
    const issues = rejection.error instanceof ValidationError ? rejection.error.issues : [];
    const why = {
      stage: rejection.stage,
      errorCode: rejection.error.code,
      reason: `${issues.length > 0 ? reasonOf(issues) : rejection.error.message}${note}`,
      retriable: rejection.error.retriable,
      part: '',
    };
    await (this.options.refusals ?? this.options.publisher).publish({
      raw,
      deadLetters: [deadLetter(source, raw, why, rejection.correlationId, this.clock())],
    });
  }

  private async process(inbound: Inbound, answer: (report: IngestReport) => void): Promise<IngestReport> {
    const { submission, orgCode } = inbound;
    const log = childLogger(this.options.logger, inbound.correlationId);
    const spellKeys = submission.units.map((unit) => spellKeyOf(orgCode, unit));
    const outcome = await this.mutex.run(spellKeys, () =>
      this.underSpellLocks(inbound, new Set(spellKeys), answer, log),
    );
    if (outcome.duplicates > 0) this.options.metrics.duplicates.inc(outcome.duplicates);
    const releasedElsewhere = await this.releaseElsewhere(orgCode, outcome.elsewhere, log);
    return {
      units: outcome.reports,
      merges: outcome.merges,
      released: outcome.releasedHere + releasedElsewhere,
      deadLetters: outcome.deadLetters,
    };
  }

  private async underSpellLocks(
    inbound: Inbound,
    locked: ReadonlySet<string>,
    answer: (report: IngestReport) => void,
    log: Logger,
  ): Promise<LockedOutcome> {
    const { submission, orgCode } = inbound;
    const units = submission.units;
    const known = await this.readKnownState(orgCode, units, submission.merges);
    const fresh = units.filter((_, i) => known.seen[i] !== true);
    const duplicates = units.length - fresh.length;
    const batchIssues = submission.entries.some((e) => e.issues.length > 0);
    const mergeReports = (recorded: (i: number) => boolean): MergeReport[] =>
      submission.merges.map((_, i) => ({ status: recorded(i) ? 'recorded' : 'duplicate' }));
    const freshMerges = submission.merges.filter((_, i) => known.mergesSeen[i] !== true);
    if (
      units.length + submission.merges.length > 0 &&
      fresh.length + freshMerges.length === 0 &&
      !batchIssues
    ) {
      log.info(
        { messageId: submission.messageId, units: units.length, merges: submission.merges.length },
        'resend of a message already accepted',
      );
      const reports = await this.duplicateReports(orgCode, units);
      return {
        reports,
        merges: mergeReports(() => false),
        elsewhere: [],
        releasedHere: 0,
        duplicates,
        deadLetters: 0,
      };
    }

    const people = await this.identify(orgCode, fresh, freshMerges, log);
    const here = people.released.filter((h) => locked.has(spellKeyOf(orgCode, h.unit)));
    const elsewhere = people.released.filter((h) => !locked.has(spellKeyOf(orgCode, h.unit)));
    try {
      const plan = planWrite(inbound, known, fresh, people, here, {
        personKey: this.options.personKey,
        clock: this.clock,
      });
      await this.options.publisher.publish({
        raw: plan.raw,
        hospital: plan.events,
        deadLetters: plan.deadLetters,
      });
      // Kafka has it all; now remember what was done (a failure here makes the sender resend: 503).
      // Held Encounters first: once the message is remembered as received, a resend would not hold them.
      await this.holdUnidentified(inbound, plan.held);
      await this.held.released(here, log);
      this.count(plan, here.length, log);
      const reports = await this.unitReports(orgCode, units, known.seen, plan);
      // Durable in Kafka: the sender may be told. The bookkeeping below completes under the lock.
      answer({
        units: reports,
        merges: mergeReports((i) => known.mergesSeen[i] !== true),
        released: here.length,
        deadLetters: plan.deadLetters.length,
      });
      await this.remember(orgCode, fresh, plan, log);
      return {
        reports,
        merges: mergeReports((i) => known.mergesSeen[i] !== true),
        elsewhere,
        releasedHere: here.length,
        duplicates,
        deadLetters: plan.deadLetters.length,
      };
    } catch (err) {
      // Nothing of this message was accepted: what it released must wait again.
      await this.held.holdAgain([...here, ...elsewhere], log);
      throw err;
    }
  }

  /** One round trip: was each Encounter (and merge) received before, and what does the hub know of its spell? */
  private async readKnownState(
    orgCode: string,
    units: readonly EncounterUnit[],
    merges: readonly MergeUnit[],
  ): Promise<KnownState> {
    const { dedupe, spells, personKey } = this.options;
    const [seen, mergesSeen, before] = await Promise.all([
      redis('check for resends', () =>
        Promise.all(units.map((unit) => dedupe.seen(orgCode, dedupeIdOf(unit)))),
      ),
      redis('check for merges recorded', () =>
        Promise.all(merges.map((merge) => dedupe.seen(orgCode, mergeDedupeId(merge, personKey)))),
      ),
      redis('read spell state', () => spells.getMany(units.map((unit) => spellKeyOf(orgCode, unit)))),
    ]);
    return { seen, mergesSeen, before };
  }

  /**
   * Who is each Encounter about? Learning an MRN → NHS number link releases what waited for it. A merge
   * teaches that the retired record's MRN is the survivor's from now on (as HL7 A40 does).
   */
  private async identify(
    orgCode: string,
    fresh: readonly EncounterUnit[],
    merges: readonly MergeUnit[],
    log: Logger,
  ): Promise<People> {
    const nhsNumbers = new Map<EncounterUnit, string | null>();
    const learned = new Map<string, string>();
    const released: HeldEncounter[] = [];
    for (const { retired, survivor } of merges) {
      if (retired.mrn === null || retired.mrn === survivor.mrn) continue;
      const mrn = retired.mrn;
      const taken = await redis('learn an identity', () =>
        this.held.learn(orgCode, mrn, survivor.nhsNumber, log),
      );
      learned.set(mrn, survivor.nhsNumber);
      released.push(...taken);
    }
    for (const unit of fresh) {
      const { nhsNumber, mrn } = unit.identity;
      if (nhsNumber !== null && mrn !== null) {
        // Items another connector keeps in a shared index go back untouched (runtime's HeldMessages).
        const taken = await redis('learn an identity', () => this.held.learn(orgCode, mrn, nhsNumber, log));
        learned.set(mrn, nhsNumber);
        released.push(...taken);
      }
      const resolved =
        nhsNumber ??
        (mrn === null
          ? undefined
          : await redis('resolve an identity', () => this.options.identity.resolve(orgCode, mrn)));
      nhsNumbers.set(unit, resolved ?? null);
    }
    return { nhsNumbers, learned, released };
  }

  private async holdUnidentified(inbound: Inbound, held: readonly EncounterUnit[]): Promise<void> {
    for (const unit of held) {
      const mrn = unit.identity.mrn;
      if (mrn === null) continue; // held only when an MRN is all there is
      const payload = {
        unit,
        system: inbound.submission.system,
        correlationId: inbound.correlationId,
        receivedAt: inbound.receivedAt,
      };
      await redis('hold an Encounter', () => this.held.hold(inbound.orgCode, mrn, [payload]));
    }
  }

  private count(plan: WritePlan, releasedHere: number, log: Logger): void {
    const { metrics } = this.options;
    for (const event of plan.events) metrics.events.inc({ type: event.type });
    metrics.held.inc(plan.held.length);
    metrics.released.inc(releasedHere);
    if (plan.held.length > 0)
      log.info(
        { held: plan.held.length },
        'Encounter held until the NHS number of its local patient id is known',
      );
    if (releasedHere > 0) log.info({ released: releasedHere }, 'held Encounters released');
  }

  private async unitReports(
    orgCode: string,
    units: readonly EncounterUnit[],
    seen: readonly boolean[],
    plan: WritePlan,
  ): Promise<UnitReport[]> {
    const decisionOf = new Map(plan.toDecide.map((item, i) => [item.unit, plan.decisions[i]]));
    return Promise.all(
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
  }

  /** Spell snapshots and the resend memory, after the write. A failure is logged: Kafka has the events. */
  private async remember(
    orgCode: string,
    fresh: readonly EncounterUnit[],
    plan: WritePlan,
    log: Logger,
  ): Promise<void> {
    const { dedupe, spells, personKey } = this.options;
    try {
      await Promise.all([
        redis('store spell state', () => spells.setMany(plan.snapshots)),
        redis('remember the message', () =>
          Promise.all([
            ...fresh.map((unit) => dedupe.remember(orgCode, dedupeIdOf(unit))),
            ...plan.merges.map((merge) => dedupe.remember(orgCode, mergeDedupeId(merge, personKey))),
          ]),
        ),
      ]);
    } catch (err) {
      // Kafka has the events; a resend will publish them again with the same eventIds (consumers dedupe).
      log.error({ err }, `spell state not stored after the write: ${describeError(err)}`);
    }
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
          const decided: HeldEncounter[] = []; // as handed out, for `released`
          for (const h of held) {
            const nhsNumber =
              h.unit.identity.nhsNumber ??
              (await redis('resolve an identity', () =>
                this.options.identity.resolve(orgCode, h.unit.identity.mrn ?? ''),
              ));
            if (nhsNumber === undefined) continue;
            toDecide.push({ ...h, nhsNumber });
            decided.push(h);
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
          await this.held.released(decided, log);
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
      await this.held.holdAgain(held, log);
      return 0;
    }
  }
}
