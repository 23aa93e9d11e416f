import { randomUUID } from 'node:crypto';
import type { DelayReason, PersonKeyer } from '@homefirst/schemas';
import type { ExtensionUrls } from './mapping/extensions';
import { parseSubmission } from './fhir/parse';
import { mapOffline } from './mapping/map-submission';
import { outcomeOf } from './outcome/operation-outcome';

/**
 * The feed checker behind `homefirst map fhir <file>`: trust IT runs a sample message through exactly the
 * live parsing and mapping before go-live, offline (no Kafka, Redis or registry). It maps as the live
 * connector does for a spell it has not seen before.
 */

export interface FeedCheckOptions {
  /** ODS code the events are stamped with (live, it comes from the trust's token). */
  readonly orgCode: string;
  readonly personKey: PersonKeyer;
  readonly mrnSystems: readonly string[];
  readonly extensionUrls: ExtensionUrls;
  readonly clockSkewToleranceMs?: number;
  /** The trust's own delay-reason codes (HOMEFIRST_FHIR_DELAY_REASON_CODES). */
  readonly delayReasonCodes?: ReadonlyMap<string, DelayReason>;
  readonly now?: Date;
}

export interface FeedCheckResult {
  readonly exitCode: 0 | 1;
  /** JSON lines for stdout: one event each (with its `type`), or the OperationOutcome of the refusal. */
  readonly lines: readonly string[];
  /** Human notes for stderr (e.g. Encounters that would wait for their identity). */
  readonly notes: readonly string[];
}

export function checkFeed(body: Buffer, options: FeedCheckOptions): FeedCheckResult {
  const now = options.now ?? new Date();
  try {
    const submission = parseSubmission(
      body,
      { kind: 'base' },
      {
        mrnSystems: options.mrnSystems,
        extensionUrls: options.extensionUrls,
        ...(options.clockSkewToleranceMs !== undefined && {
          clockSkewToleranceMs: options.clockSkewToleranceMs,
        }),
        ...(options.delayReasonCodes !== undefined && { delayReasonCodes: options.delayReasonCodes }),
        defaultSystem: 'fhir-rest',
      },
    );
    const mapping = mapOffline(submission, {
      orgCode: options.orgCode,
      personKey: options.personKey,
      recordedAt: now,
      receivedAt: now,
      correlationId: randomUUID(),
    });
    const notes = [
      ...mapping.pending.map(
        (unit) =>
          `${unit.path} (Encounter ${unit.facts.spellId}) names only a local patient id: live, it is accepted (202) and held until a message links that id to an NHS number`,
      ),
      ...submission.entries
        .filter((e) => e.issues.length > 0)
        .map(
          (e) =>
            `Bundle.entry[${e.index}] refused in the batch (422): ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        ),
      ...mapping.decisions
        .filter((d) => d.outcome === 'ignored')
        .map(() => 'an Encounter that is not an inpatient stay was accepted and nothing recorded'),
    ];
    return { exitCode: 0, lines: mapping.events.map((event) => JSON.stringify(event)), notes };
  } catch (err) {
    return { exitCode: 1, lines: [JSON.stringify(outcomeOf(err).outcome)], notes: [] };
  }
}
