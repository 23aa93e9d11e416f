import { queueEntryRecord, storedJson, UnreadableStoredRecordError } from '@homefirst/runtime';
import type { readModels } from '@homefirst/schemas';
import type { Visibility } from './auth/principal';
import { awaitingPackageEntry, WARD_7_PLACE } from './testing/queue-entry';
import { useReaderFixture } from './testing/reader-fixture';

// The API's reader on the real Redis: stored records written before versions and with them both read;
// a record it cannot read is an error naming its key, not a silently wrong board.

const ADMIN: Visibility = { trustOrg: null, councilOrg: null, pseudonymised: false };
const NOW = new Date('2025-01-10T12:00:00Z');

const entryOf = (personKey: string, readySince: string): readModels.QueueEntry =>
  awaitingPackageEntry(personKey, readySince, WARD_7_PLACE);

describe('RedisReadModelReader on the real Redis', () => {
  const fixture = useReaderFixture('reader');
  const { keys } = fixture;

  const queue = (...entries: [readModels.QueueEntry, string][]) =>
    Promise.all(
      entries.map(([entry, text]) =>
        fixture
          .redis()
          .multi()
          .zadd(keys.queue, Date.parse(entry.readySince), entry.personKey)
          .hset(keys.queueEntry, entry.personKey, text)
          .exec(),
      ),
    );

  it('given one entry stored before versions and one with v:1, then the queue shows both', async () => {
    const legacy = entryOf('legacyPersonKey0000000', '2025-01-06T09:30:00.000Z');
    const current = entryOf('currentPersonKey000000', '2025-01-07T09:30:00.000Z');
    await queue([legacy, JSON.stringify(legacy)], [current, storedJson(queueEntryRecord, current)]);
    const view = await fixture.reader().queue({ page: 1, pageSize: 50 }, ADMIN, NOW);
    expect(view.items.map((item) => item.personKey)).toEqual([legacy.personKey, current.personKey]);
    expect(view.items[0]).not.toHaveProperty('v');
  });

  it('given an entry this build cannot read, then the queue fails naming its key and not its content', async () => {
    const bad = entryOf('aBadPersonKey000000000', '2025-01-01T09:30:00.000Z');
    await queue([bad, JSON.stringify({ ...bad, pathway: 'P9' })]);
    const read = fixture.reader().queue({ page: 1, pageSize: 50 }, ADMIN, NOW);
    await expect(read).rejects.toThrow(UnreadableStoredRecordError);
    await expect(read).rejects.toThrow(
      `Stored queue entry at ${keys.queueEntry} ${bad.personKey} is unreadable`,
    );
    await expect(read).rejects.not.toThrow(/9434765919/);
  });

  it('given a journey written by a newer projector, then reading it fails naming its key', async () => {
    await fixture
      .redis()
      .set(keys.journey('newerPersonKey00000000'), '{"v":2,"personKey":"newerPersonKey00000000"}');
    await expect(fixture.reader().journey('newerPersonKey00000000', ADMIN, NOW)).rejects.toThrow(
      `Stored journey at ${keys.journey('newerPersonKey00000000')} is unreadable: version 2; this build reads version 1`,
    );
  });
});
