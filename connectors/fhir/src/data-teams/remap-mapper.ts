import {
  createLogger,
  MemoryMessageDedupe,
  ReadThroughIdentity,
  type IdentityStore,
  type RawMapper,
  type RawMapping,
} from '@homefirst/runtime';
import type { HospitalEvent, PersonKeyer, RawEvent } from '@homefirst/schemas';
import { FhirIngest } from '../ingest/fhir-ingest';
import { fhirMetrics } from '../ingest/metrics';
import { MemorySpellSnapshots } from '../ingest/spell-store';
import { resubmit, type FhirParseSettings } from './submit';

/**
 * Today's FHIR mapping of raw records, for `remap`: the endpoint's submission path (parse, identity, the
 * decision of each Encounter against its spell's last snapshot) with writes captured, not sent. Spell
 * snapshots and resend memory start empty and are kept in memory across the run — so re-map from the
 * earliest raw record (or from the start of the spells concerned); identities are read from the live index
 * (read only), so an Encounter held for an unknown patient maps now if the MRN has been learned since.
 */
export function fhirRawMapper(
  personKey: PersonKeyer,
  parse: FhirParseSettings,
  live: Pick<IdentityStore, 'resolve'>,
): RawMapper {
  let captured: HospitalEvent[] = [];
  const capture = {
    publish: (batch: { hospital?: readonly HospitalEvent[] }): Promise<void> => {
      captured.push(...(batch.hospital ?? []));
      return Promise.resolve();
    },
  };
  let receivedAt = new Date(0);
  const ingest = new FhirIngest({
    publisher: capture,
    dedupe: new MemoryMessageDedupe(),
    identity: new ReadThroughIdentity(live),
    spells: new MemorySpellSnapshots(),
    personKey,
    logger: createLogger({ name: 'fhir-remap', level: 'silent' }),
    metrics: fhirMetrics(),
    clock: () => receivedAt,
  });
  return {
    async map(raw: RawEvent): Promise<RawMapping> {
      captured = [];
      receivedAt = raw.occurredAt;
      const outcome = await resubmit(ingest, raw, parse, { deadLetter: false, receivedAt });
      // The answer comes before the connector's bookkeeping (snapshots, releases): let it finish first.
      await ingest.drain(60_000);
      if (outcome.kind !== 'accepted') return { status: 'refused', events: [], errorCode: outcome.errorCode };
      const held = outcome.report.units.some((unit) => unit.status === 'held');
      return { status: held ? 'held' : 'mapped', events: captured };
    },
  };
}
