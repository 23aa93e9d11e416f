import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventIdWindow, contentOf } from './dedupe';
import { parseExportOptions } from './options';
import { readPseudonymKey } from './pseudonym-key';

const base = { format: 'parquet', out: '/tmp/x.parquet' };

describe('parseExportOptions', () => {
  it('defaults: hospital and council, occurred time, every type, the OS user unless an actor is named', () => {
    const request = parseExportOptions(base, {});
    expect(request.topics).toEqual(['hospital', 'council']);
    expect(request.by).toBe('occurred');
    expect(request.types).toEqual([]);
    expect(request.actor.length).toBeGreaterThan(0);
    expect(parseExportOptions(base, { HOMEFIRST_ACTOR: 'analyst-7' }).actor).toBe('analyst-7');
    expect(parseExportOptions({ ...base, actor: 'me' }, { HOMEFIRST_ACTOR: 'analyst-7' }).actor).toBe('me');
  });

  it('reads topics and types as repeated or comma-separated flags', () => {
    const request = parseExportOptions(
      { ...base, topic: ['hospital,alerts'], types: ['PatientAdmitted', 'DischargeDeadlineBreached'] },
      {},
    );
    expect(request.topics).toEqual(['hospital', 'alerts']);
    expect(request.types).toEqual(['PatientAdmitted', 'DischargeDeadlineBreached']);
  });

  it.each([
    [{ topic: ['wards'] }, /--topic wards is not a topic; choose from hospital, council/],
    [{ from: 'yesterday' }, /--from must be an ISO 8601 instant/],
    [{ to: '2025-01-06' }, /--to must be an ISO 8601 instant/],
    [
      { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      /--from 2025-02-01T00:00:00.000Z is after --to 2025-01-01T00:00:00.000Z/,
    ],
    [
      { types: ['ReferralReceived'], topic: ['hospital'] },
      /--types ReferralReceived is not an event type of hospital/,
    ],
    [{ format: 'xlsx' }, /--format xlsx is not one of ndjson, csv, parquet/],
    [{ by: 'arrival' }, /--by arrival is not one of occurred, recorded/],
    [{ pseudonymKeyFile: 'k' }, /--pseudonym-key-file needs --pseudonymise/],
    [{ dedupeWindow: '0' }, /--dedupe-window must be a whole number/],
    [{ out: ' ' }, /--out <path> is required/],
  ])('refuses %j with one line naming the option', (override, message) => {
    expect(() => parseExportOptions({ ...base, ...override }, {})).toThrow(message);
  });
});

describe('readPseudonymKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'homefirst-key-'));

  it('reads a key file, trailing newline trimmed', () => {
    const file = join(dir, 'good.key');
    writeFileSync(file, `${'ab'.repeat(32)}\n`);
    expect(readPseudonymKey(file).symmetricKeySize).toBe(64);
  });

  it('names a file it cannot read and one too short, without echoing the key', () => {
    expect(() => readPseudonymKey(join(dir, 'missing.key'))).toThrow(/missing.key cannot be read \(ENOENT\)/);
    const short = join(dir, 'short.key');
    writeFileSync(short, 'secret-but-short\n');
    expect(() => readPseudonymKey(short)).toThrow(/holds 16 bytes; a key needs at least 32/);
    expect(() => readPseudonymKey(short)).not.toThrow(/secret-but-short/);
  });
});

describe('EventIdWindow', () => {
  it('drops a copy within the window of its partition, and counts it', () => {
    const window = new EventIdWindow(3);
    expect(window.admit('hospital', 0, 'a')).toBe(true);
    expect(window.admit('hospital', 0, 'b')).toBe(true);
    expect(window.admit('hospital', 0, 'a')).toBe(false);
    expect(window.admit('hospital', 1, 'a')).toBe(true);
    expect(window.admit('council', 0, 'a')).toBe(true);
    expect(window.duplicates).toBe(1);
  });

  it('keeps a later version of an id (other content) as its own row, and drops copies of it', () => {
    const window = new EventIdWindow(3);
    expect(window.admit('hospital', 0, 'a', 'v1')).toBe(true);
    expect(window.admit('hospital', 0, 'a', 'v1')).toBe(false);
    expect(window.admit('hospital', 0, 'a', 'v2')).toBe(true);
    expect(window.admit('hospital', 0, 'a', 'v2')).toBe(false);
    expect(window.duplicates).toBe(2);
  });

  it('contentOf: what an event says, not when it was recorded', () => {
    const event = {
      type: 'PatientAdmitted',
      occurredAt: new Date('2025-01-06T09:25:00Z'),
      recordedAt: new Date('2025-01-06T09:25:01Z'),
      correlationId: 'c1',
      personKey: 'p1',
      payload: { ward: 'W7', input: Buffer.from('MSH|') },
    };
    const resent = { ...event, recordedAt: new Date('2025-01-07T00:00:00Z'), correlationId: 'c2' };
    expect(contentOf(resent)).toBe(contentOf(event));
    expect(contentOf({ ...event, occurredAt: new Date('2025-01-06T14:25:00Z') })).not.toBe(contentOf(event));
    expect(contentOf({ ...event, payload: { ward: 'W7', input: Buffer.from('MSH!') } })).not.toBe(
      contentOf(event),
    );
  });

  it('admitRecord: the same answers as admit with digests, a digest taken only when an id comes again', () => {
    // Records as JSON bytes; `read` is the decode the export passes (a kept copy read back).
    const event = (id: string, ward: string, recordedAt: string) => ({
      eventId: id,
      type: 'PatientAdmitted',
      occurredAt: new Date('2025-01-06T09:25:00Z'),
      recordedAt: new Date(recordedAt),
      personKey: 'p1',
      payload: { ward },
    });
    type Event = ReturnType<typeof event>;
    const bytes = (e: Event): Buffer => Buffer.from(JSON.stringify(e));
    const reads: string[] = [];
    const read = (value: Buffer) => {
      const parsed = JSON.parse(value.toString()) as Event;
      reads.push(parsed.eventId);
      return { ...parsed, occurredAt: new Date(parsed.occurredAt) };
    };
    const window = new EventIdWindow(2, read);
    const admit = (e: Event, partition = 0): boolean =>
      window.admitRecord('hospital', partition, e.eventId, bytes(e), e);
    const a1 = event('a', 'W7', '2025-01-06T09:25:01Z');
    expect(admit(a1)).toBe(true);
    expect(admit(a1)).toBe(false); // the same bytes: no digest, nothing read back
    expect(reads).toEqual([]);
    expect(admit(event('a', 'W7', '2025-01-07T00:00:00Z'))).toBe(false); // resent: other bytes, same content
    expect(reads).toEqual(['a']);
    expect(admit(event('a', 'W8', '2025-01-08T00:00:00Z'))).toBe(true); // a later version
    expect(admit(event('a', 'W8', '2025-01-09T00:00:00Z'))).toBe(false);
    expect(admit(a1, 1)).toBe(true); // another partition
    for (const id of ['b', 'c']) admit(event(id, 'W7', '2025-01-06T09:25:01Z'));
    expect(admit(a1)).toBe(true); // forgotten: older than the window
    expect(window.duplicates).toBe(3);
  });

  it('admitRecord: a long record is digested at once, a kept one that cannot be read back matches nothing', () => {
    const long = { type: 'T', occurredAt: new Date(0), personKey: null, payload: { body: 'x'.repeat(600) } };
    const window = new EventIdWindow(10, () => undefined);
    expect(window.admitRecord('raw', 0, 'l', Buffer.from(`1${long.payload.body}`), long)).toBe(true);
    expect(window.admitRecord('raw', 0, 'l', Buffer.from(`2${long.payload.body}`), long)).toBe(false);
    const short = { ...long, payload: { body: 'x' } };
    expect(window.admitRecord('raw', 0, 's', Buffer.from('1'), short)).toBe(true);
    expect(window.admitRecord('raw', 0, 's', Buffer.from('1'), short)).toBe(false);
    expect(window.admitRecord('raw', 0, 's', Buffer.from('2'), short)).toBe(true);
  });

  it('forgets ids older than the window (the documented bound)', () => {
    const window = new EventIdWindow(2);
    for (const id of ['a', 'b', 'c']) window.admit('hospital', 0, id);
    expect(window.admit('hospital', 0, 'a')).toBe(true);
    expect(window.admit('hospital', 0, 'c')).toBe(false);
  });
});
