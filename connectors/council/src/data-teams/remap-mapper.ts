import { createLogger, HubError, type RawMapper, type RawMapping } from '@homefirst/runtime';
import type { NhsNumberPolicy, PersonKeyer, RawEvent } from '@homefirst/schemas';
import { CouncilIngest, NO_DEDUPE } from '../pipeline/council-ingest';
import { MemoryOrderStore } from '../pipeline/order-store';
import { storedBatch } from './stored-input';

export interface CouncilRemapSettings {
  readonly personKeyOf: PersonKeyer;
  readonly mappingDirs: readonly string[];
  readonly stepToleranceMs: number;
  readonly nhsNumbers: NhsNumberPolicy;
}

/**
 * Today's council mapping of raw records, for `remap`: the record path's validation, order check and
 * mapping (`CouncilIngest.prepare`, nothing written), each raw request body or CSV chunk read as the live
 * path read it. The order of each referral's steps is learned in memory from the records of the run — so
 * re-map from the earliest record of the referrals concerned.
 */
export function councilRawMapper(settings: CouncilRemapSettings): RawMapper {
  let receivedAt = new Date(0);
  const ingest = new CouncilIngest({
    publish: () => Promise.resolve(),
    dedupe: NO_DEDUPE,
    orderStore: new MemoryOrderStore(),
    personKeyOf: settings.personKeyOf,
    logger: createLogger({ name: 'council-remap', level: 'silent' }),
    clock: () => receivedAt,
    stepToleranceMs: settings.stepToleranceMs,
    nhsNumbers: settings.nhsNumbers,
  });
  return {
    async map(raw: RawEvent): Promise<RawMapping> {
      receivedAt = raw.occurredAt;
      let batch;
      try {
        batch = await storedBatch(raw, settings.mappingDirs, {
          receivedAt,
          correlationId: raw.correlationId,
          rawMessageId: raw.source.messageId ?? raw.eventId,
        });
      } catch (err) {
        return {
          status: 'refused',
          events: [],
          errorCode: err instanceof HubError ? err.code : 'UNREADABLE',
        };
      }
      const prepared = await ingest.prepare(batch.items, batch.context);
      const rejected = prepared.outcomes.find((outcome) => outcome.status === 'rejected');
      if (prepared.events.length === 0 && rejected !== undefined)
        return { status: 'refused', events: [], errorCode: rejected.errorCode };
      return { status: 'mapped', events: prepared.events };
    },
  };
}
