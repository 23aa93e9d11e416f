import { FEED_COUNCIL_TYPES, FEED_HOSPITAL_TYPES, feedEvents } from '../avro/feed';
import { EventCodec } from '../codec/event-codec';
import { InMemoryRegistry } from '../testing/in-memory-registry';
import { feedSamples } from '../testing/sample-events';
import { feedTopicFamily, feedTopicNameOf, feedTopicSpecOf } from './topics';

describe('per-council feed topics', () => {
  it('names one topic per ONS LA code, and refuses anything else', () => {
    expect(feedTopicNameOf('E08000012')).toBe('homefirst.feed.E08000012.v1');
    expect(feedTopicSpecOf('E08000012')).toMatchObject({
      name: 'homefirst.feed.E08000012.v1',
      valueSubject: 'homefirst.feed.E08000012.v1-value',
      key: { field: 'personKey' },
      retention: { kind: 'forever' },
    });
    expect(feedTopicSpecOf('E08000012').family).toBeUndefined();
    for (const bad of ['', 'E0800001', 'x08000012', 'E08000012.v1', '../E08000012'])
      expect(() => feedTopicNameOf(bad)).toThrow(TypeError);
  });

  it('carries no clinical or bed-level field and keeps the NHS number councils match on', () => {
    const fieldNames = new Set(feedEvents.flatMap((r) => r.fields.map((f) => f.name)));
    for (const dropped of [
      'criterion',
      'patientClass',
      'admissionMethodCode',
      'dischargeMethodCode',
      'location',
    ])
      expect(fieldNames.has(dropped)).toBe(false);
    for (const record of feedEvents) expect(record.fields[0]?.name).toBe('nhsNumber');
    expect(FEED_HOSPITAL_TYPES).not.toContain('PatientsMerged');
    expect(feedTopicFamily.eventTypes).toEqual([
      ...FEED_HOSPITAL_TYPES.map((t) => `Feed${t}`),
      ...FEED_COUNCIL_TYPES.map((t) => `Feed${t}`),
    ]);
  });

  it("encodes under the council's own subject and decodes back", async () => {
    const registry = new InMemoryRegistry();
    const codec = new EventCodec({ registry, prefix: 't.' });
    for (const event of feedSamples) {
      const bytes = await codec.encodeFeed('E08000012', event);
      expect(await codec.decodeAny(bytes)).toEqual({ topic: feedTopicFamily.name, event });
    }
    await codec.encodeFeed('E06000001', feedSamples[0]!);
    for (const subject of ['t.homefirst.feed.E06000001.v1-value', 't.homefirst.feed.E08000012.v1-value'])
      expect(await registry.compatibility(subject)).toBe('BACKWARD_TRANSITIVE');
    await expect(codec.prepare([feedTopicFamily.name as never])).rejects.toThrow(TypeError);
  });
});

describe('EventCodec.encodeFeedSync', () => {
  it("is undefined until that council's feed subject is known, then gives encodeFeed's bytes with no registry call", async () => {
    const registry = new InMemoryRegistry();
    const codec = new EventCodec({ registry, prefix: 't.' });
    const [event] = feedSamples;
    expect(codec.encodeFeedSync('E08000012', event!)).toBeUndefined();
    const bytes = await codec.encodeFeed('E08000012', event!);
    const calls = { ...registry.calls };
    expect(codec.encodeFeedSync('E08000012', event!)).toEqual(bytes);
    // Another council's feed is another subject: not known yet.
    expect(codec.encodeFeedSync('E06000001', event!)).toBeUndefined();
    expect(registry.calls).toEqual(calls);
  });
});
