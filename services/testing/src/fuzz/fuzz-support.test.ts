import fc from 'fast-check';
import { councilTopic, hospitalTopic, sampleEvents, type TopicName } from '@homefirst/schemas';
import { applyMutation, applyMutations, type Mutation } from './mutation';
import { mutationsArbitrary } from './mutation-arbitrary';
import { eventFromJson, offlineCodec, roundTrip } from './offline-codec';
import { fuzzSlowThresholdMs, generousBoundMs } from './time-bound';

const text = (input: string, mutation: Mutation) =>
  applyMutation(Buffer.from(input), mutation).toString('utf8');

describe('eventFromJson', () => {
  it.each([hospitalTopic.name, councilTopic.name] as TopicName[])(
    'reads back every sample event of %s as printed by a feed checker (JSON), timestamps as Dates',
    async (topic) => {
      const codec = offlineCodec();
      for (const event of sampleEvents[topic]) {
        const printed: unknown = JSON.parse(JSON.stringify(event));
        expect(eventFromJson(topic, printed)).toEqual(event);
        expect(await roundTrip(codec, topic, eventFromJson(topic, printed))).toEqual(event);
      }
    },
  );

  it('leaves an invalid time as it came, so the codec refuses the event', async () => {
    const [event] = sampleEvents[hospitalTopic.name as TopicName];
    const printed = { ...(JSON.parse(JSON.stringify(event)) as object), occurredAt: null };
    await expect(
      offlineCodec().encode(
        hospitalTopic.name as TopicName,
        eventFromJson(hospitalTopic.name as TopicName, printed),
      ),
    ).rejects.toMatchObject({ paths: ['occurredAt'] });
  });
});

describe('mutations', () => {
  it('replace, swap and nest the parts they name', () => {
    const json = '{"start":"2025-01-06T09:30:00+00:00","end":"2025-01-11T15:45:00+00:00","n":[1]}';
    expect(text(json, { kind: 'date', nth: 1, value: '2025-02-30' })).toBe(
      '{"start":"2025-01-06T09:30:00+00:00","end":"2025-02-30","n":[1]}',
    );
    expect(text(json, { kind: 'swap-dates', first: 0, second: 1 })).toBe(
      '{"start":"2025-01-11T15:45:00+00:00","end":"2025-01-06T09:30:00+00:00","n":[1]}',
    );
    expect(text(json, { kind: 'nest', nth: 3, depth: 3, shape: 'array' })).toBe(
      '{"start":"2025-01-06T09:30:00+00:00","end":"2025-01-11T15:45:00+00:00","n":[[[1]]]}',
    );
    expect(text('PV1|1|I||||20250106092500|', { kind: 'date', nth: 0, value: '20250230' })).toBe(
      'PV1|1|I||||20250230|',
    );
    expect(text('a\rb\rc', { kind: 'line', nth: 1, op: 'drop' })).toBe('a\rc');
    expect(text('abc', { kind: 'bom' })).toBe('\uFEFFabc');
    expect(text('{"reference":"Patient/P1"}', { kind: 'stretch', nth: 1, at: 0, times: 3 })).toBe(
      '{"reference":"PPPPatient/P1"}',
    );
    expect(applyMutation(Buffer.from('abcd'), { kind: 'truncate', at: 0.5 }).toString()).toBe('ab');
  });

  it('are the same for the same seed, and always apply', () => {
    const arbitrary = mutationsArbitrary({ maxLong: 4096 });
    const first = fc.sample(arbitrary, { seed: 42, numRuns: 200 });
    expect(fc.sample(arbitrary, { seed: 42, numRuns: 200 })).toEqual(first);
    const base = Buffer.from('{"a":[1,"2025-01-01",{"b":"x|y^z"}]}');
    for (const mutations of first) expect(applyMutations(base, mutations)).toBeInstanceOf(Buffer);
  });
});

it('time bounds grow linearly with the input, per started 64 KiB', () => {
  expect([fuzzSlowThresholdMs(0), fuzzSlowThresholdMs(65_536), fuzzSlowThresholdMs(65_537)]).toEqual([
    100, 100, 200,
  ]);
  expect(generousBoundMs(200_000)).toBe(4000);
});
