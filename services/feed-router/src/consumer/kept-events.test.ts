import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { createLogger } from '@homefirst/runtime';
import { offlineCodec } from '@homefirst/testing';
import { feedTemplateOf } from '../routing/feed-event';
import { hospitalEvent } from '../testing/events';
import { SourceDecoder } from './decoder';
import { KeptEvents } from './kept-events';
import { zeroCounts } from './settings';

const HOSPITAL = 'homefirst.hospital.events.v1';

describe('KeptEvents', () => {
  const codec = offlineCodec();
  const logger = createLogger({ name: 'kept-test', level: 'silent' });
  // No Kafka client: these tests never read events again.
  const source = {
    kafka: undefined as unknown as Kafka,
    logger,
    groupId: 'homefirst-feed-router',
    topics: { hospital: HOSPITAL },
  };
  const kept = new KeptEvents(new SourceDecoder(codec, logger, zeroCounts()), source);

  beforeEach(() => kept.clear());

  it("gives a kept event's feed template back, from its own copy of the bytes", async () => {
    const event = hospitalEvent('PatientAdmitted', 0, { eventId: randomUUID(), spellId: 'SP-1' });
    const value = await codec.encode(HOSPITAL, event);
    // As in a fetch: the record is a view into a larger buffer, which is reused once the batch is done.
    const fetch = Buffer.concat([Buffer.alloc(7, 1), value, Buffer.alloc(5, 2)]);
    kept.keep(event.eventId, fetch.subarray(7, 7 + value.length));
    fetch.fill(0);

    expect(kept.has(event.eventId)).toBe(true);
    expect(kept.size).toBe(1);
    expect(await kept.template(event.eventId, 0, '41')).toEqual(feedTemplateOf(event));
  });

  it('gives nothing for an event not kept, or forgotten', async () => {
    const event = hospitalEvent('PatientDischarged', 5, { eventId: randomUUID(), spellId: 'SP-1' });
    kept.keep(event.eventId, await codec.encode(HOSPITAL, event));
    kept.forget(event.eventId);

    expect(kept.has(event.eventId)).toBe(false);
    expect(await kept.template(event.eventId, 0, '42')).toBeUndefined();
    expect(await kept.template(randomUUID(), 0, '43')).toBeUndefined();
  });
});
