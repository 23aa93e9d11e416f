import {
  createLogger,
  ReadThroughIdentity,
  type IdentityStore,
  type RawMapper,
  type RawMapping,
} from '@homefirst/runtime';
import type { RawEvent } from '@homefirst/schemas';
import { decodeBytes } from '../hl7/text';
import type { MappingContext } from '../mapping/adt';
import { Hl7Pipeline } from '../ingest/pipeline';

/**
 * Today's HL7 mapping of raw records, for `remap`: the live pipeline (parse, checks, identity, mapping)
 * with no dedupe and writes captured, not sent. Identities come from the live index (`live`, read only),
 * so a message held because its person was unknown maps now if the MRN has been learned since; holds and
 * releases between the raw records of this run stay in memory. Each record is mapped as at the time it was
 * received (the pipeline's clock), so a mapping that reads "now" reads the same instant it read live.
 */
export function hl7RawMapper(mapping: MappingContext, live: Pick<IdentityStore, 'resolve'>): RawMapper {
  let receivedAt = new Date(0);
  const pipeline = new Hl7Pipeline({
    mapping,
    identity: new ReadThroughIdentity(live),
    dedupe: null,
    writer: { write: () => Promise.resolve() },
    logger: createLogger({ name: 'hl7v2-remap', level: 'silent' }),
    transport: 'FILE',
    clock: () => receivedAt,
  });
  return {
    async map(raw: RawEvent): Promise<RawMapping> {
      receivedAt = raw.occurredAt;
      const { text, encoding } = decodeBytes(raw.payload.body);
      const results = await pipeline.handleText(text, encoding, raw.payload.body);
      const events = results.flatMap((result) => result.events);
      const refused = results.find((result) => result.ack.code !== 'AA');
      if (refused !== undefined)
        return { status: 'refused', events, errorCode: refused.errorCode ?? refused.ack.code };
      if (results.some((result) => result.status === 'held')) return { status: 'held', events };
      return { status: 'mapped', events };
    },
  };
}
