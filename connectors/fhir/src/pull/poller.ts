import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { childLogger, describeError, HubError, isRetriable, type Logger } from '@homefirst/runtime';
import { ContractError } from '@homefirst/schemas';
import { messageIdOfBytes, parseSubmission, type ParseOptions } from '../fhir/parse';
import { targetOf } from '../fhir/references';
import type { FhirIngest } from '../ingest/fhir-ingest';
import { advance, alreadyRead, type Checkpoint, type ReadVersion } from './checkpoint';
import type { CheckpointStore } from './checkpoint-store';
import type { TrustServer } from './trust-server';

/**
 * Pull mode: reads a trust FHIR server's Encounters changed since the checkpoint, page by page, and feeds
 * each through the same write path as a pushed one. The checkpoint is saved only after every Encounter up
 * to it was acknowledged by Kafka (or dead-lettered), so a restart never skips; what a restart reads
 * again is recognised as a resend (same Encounter version → same message id) and never published twice.
 */

export interface PollerOptions {
  readonly server: TrustServer;
  readonly ingest: FhirIngest;
  readonly checkpoints: CheckpointStore;
  /** ODS code of the trust whose server this is. */
  readonly orgCode: string;
  readonly pageSize: number;
  /** How much of the newest history is read again next time (see checkpoint.ts `advance`). */
  readonly overlapMs: number;
  readonly parse: Omit<ParseOptions, 'defaultSystem'>;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

export interface PollResult {
  readonly read: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly checkpoint: Checkpoint;
}

interface EncounterLike {
  readonly resourceType?: unknown;
  readonly id?: unknown;
  readonly meta?: { readonly versionId?: unknown; readonly lastUpdated?: unknown };
  readonly subject?: { readonly reference?: unknown };
}

export class EncounterPoller {
  private readonly clock: () => Date;

  constructor(private readonly options: PollerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** One poll: everything changed since the checkpoint, then the new checkpoint. */
  async pollOnce(): Promise<PollResult> {
    const { server, checkpoints, orgCode, logger } = this.options;
    const checkpoint = await checkpoints.load();
    const startedAt = this.clock();
    let serverTime: string | undefined;
    const read: ReadVersion[] = [];
    let skipped = 0;
    let rejected = 0;

    for await (const page of server.searchEncountersSince(checkpoint.lastUpdated, this.options.pageSize)) {
      serverTime ??= page.serverTime;
      const patients = new Map<string, unknown>();
      for (const resource of page.resources) {
        const r = resource as EncounterLike;
        if (r.resourceType === 'Patient' && typeof r.id === 'string')
          patients.set(`Patient/${r.id}`, resource);
      }
      for (const resource of page.resources) {
        const encounter = resource as EncounterLike;
        if (encounter.resourceType !== 'Encounter' || typeof encounter.id !== 'string') continue;
        const lastUpdated =
          typeof encounter.meta?.lastUpdated === 'string' ? encounter.meta.lastUpdated : null;
        const version =
          typeof encounter.meta?.versionId === 'string' ? encounter.meta.versionId : lastUpdated;
        const versionKey = `Encounter/${encounter.id}/_history/${version ?? 'unversioned'}`;
        if (lastUpdated !== null && alreadyRead(checkpoint, { versionKey, lastUpdated })) {
          skipped += 1;
          continue;
        }
        const outcome = await this.submit(encounter, patients);
        if (outcome === 'rejected') rejected += 1;
        if (lastUpdated !== null) read.push({ versionKey, lastUpdated });
      }
    }

    const searchTime =
      serverTime !== undefined && !Number.isNaN(Date.parse(serverTime)) ? new Date(serverTime) : startedAt;
    const next = advance(checkpoint, read, new Date(searchTime.getTime() - this.options.overlapMs));
    await checkpoints.save(next);
    logger.info(
      { orgCode, read: read.length, skipped, rejected, checkpoint: next.lastUpdated },
      'pull finished',
    );
    return { read: read.length, skipped, rejected, checkpoint: next };
  }

  /** Polls every `intervalMs` until `signal` aborts; a failed poll is retried at the next interval. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.pollOnce();
      } catch (err) {
        this.options.logger.warn(
          { err, code: err instanceof HubError ? err.code : undefined, retriable: isRetriable(err) },
          `pull failed, checkpoint unchanged; retrying in ${intervalMs} ms: ${describeError(err)}`,
        );
      }
      await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /** One Encounter, with the Patient it names when the search included it, as one inbound message. */
  private async submit(
    encounter: EncounterLike,
    patients: ReadonlyMap<string, unknown>,
  ): Promise<'accepted' | 'rejected'> {
    const { ingest, orgCode } = this.options;
    const ref = typeof encounter.subject?.reference === 'string' ? encounter.subject.reference : '';
    const target = targetOf(ref);
    const patientKey = target?.type === 'Patient' ? `Patient/${target.id}` : undefined;
    const patient = patientKey === undefined ? undefined : patients.get(patientKey);
    const document =
      patient === undefined
        ? encounter
        : {
            resourceType: 'Bundle',
            type: 'collection',
            entry: [
              { fullUrl: `Encounter/${String(encounter.id)}`, resource: encounter },
              { fullUrl: patientKey, resource: patient },
            ],
          };
    const body = Buffer.from(JSON.stringify(document), 'utf8');
    const correlationId = randomUUID();
    const receivedAt = this.clock();
    const log = childLogger(this.options.logger, correlationId);
    const system = 'fhir-pull';
    let messageId = messageIdOfBytes(body);
    try {
      const submission = parseSubmission(
        body,
        { kind: 'base' },
        { ...this.options.parse, defaultSystem: system },
      );
      messageId = submission.messageId;
      await ingest.submit({
        submission,
        body,
        contentType: 'application/fhir+json',
        orgCode,
        transport: 'POLL',
        correlationId,
        receivedAt,
      });
      return 'accepted';
    } catch (err) {
      // Only the hub's own non-retriable refusals mean the trust's data is wrong; anything else propagates.
      if (!(err instanceof HubError) || err instanceof ContractError || err.retriable) throw err;
      // The trust's data is wrong: it cannot answer us, so the dead-letter topic is where it is reported.
      log.warn({ orgCode, code: err.code }, `pulled Encounter refused: ${describeError(err)}`);
      await ingest.reject({
        body,
        contentType: 'application/fhir+json',
        orgCode,
        system,
        messageId,
        transport: 'POLL',
        correlationId,
        receivedAt,
        stage: err.code === 'VALIDATION_FAILED' ? 'VALIDATE' : 'PARSE',
        error: err,
      });
      return 'rejected';
    }
  }
}
