import { catalogue } from '../catalogue/topics';
import {
  InvalidEventError,
  MalformedMessageError,
  RegistryUnavailableError,
  UnknownSchemaIdError,
  UnreadableSchemaError,
} from '../errors';
import type { FeedEvent, HospitalEvent, TopicName } from '../generated/events';
import { InMemoryRegistry } from '../testing/in-memory-registry';
import { hospitalSamples, sampleEvents } from '../testing/sample-events';
import { EventCodec } from './event-codec';
import { frame, unframe } from './wire-format';

const HOSPITAL = 'homefirst.hospital.events.v1';

const setup = () => {
  const registry = new InMemoryRegistry();
  return { registry, codec: new EventCodec({ registry }) };
};

describe('EventCodec', () => {
  describe.each(catalogue.map((t) => t.name as TopicName))('%s', (topic) => {
    it.each(sampleEvents[topic].map((event) => [event.type, event] as const))(
      'round-trips %s',
      async (_type, event) => {
        const { codec } = setup();
        const message = await codec.encode(topic, event);
        expect(message[0]).toBe(0);
        expect(await codec.decode(topic, message)).toEqual(event);
      },
    );
  });

  it('registers each subject once, with BACKWARD_TRANSITIVE, and makes no registry call in a hot loop', async () => {
    const { registry, codec } = setup();
    const event = hospitalSamples.PatientAdmitted;
    await Promise.all([codec.encode(HOSPITAL, event), codec.encode(HOSPITAL, event)]);
    expect(await registry.compatibility('homefirst.hospital.events.v1-value')).toBe('BACKWARD_TRANSITIVE');
    const before = { ...registry.calls };

    for (let i = 0; i < 1000; i += 1) await codec.decode(HOSPITAL, await codec.encode(HOSPITAL, event));

    expect(registry.calls.register).toBe(before.register);
    expect(registry.calls.schemaById).toBe(before.schemaById + 1);
    expect(before.register).toBe(1);
  });

  it('uses the deployment prefix in subjects', async () => {
    const registry = new InMemoryRegistry();
    const codec = new EventCodec({ registry, prefix: 'test-7.' });
    await codec.encode(HOSPITAL, hospitalSamples.PatientDied);
    expect(codec.subjectOf(HOSPITAL)).toBe('test-7.homefirst.hospital.events.v1-value');
    expect(await registry.compatibility('test-7.homefirst.hospital.events.v1-value')).toBe(
      'BACKWARD_TRANSITIVE',
    );
  });

  describe('when the registry is down', () => {
    it('encode throws a retriable error and produces nothing; it works once the registry is back', async () => {
      const { registry, codec } = setup();
      registry.down = true;
      await expect(codec.encode(HOSPITAL, hospitalSamples.PatientAdmitted)).rejects.toThrow(
        RegistryUnavailableError,
      );
      await expect(codec.encode(HOSPITAL, hospitalSamples.PatientAdmitted)).rejects.toMatchObject({
        retriable: true,
      });

      registry.down = false;
      const message = await codec.encode(HOSPITAL, hospitalSamples.PatientAdmitted);
      expect(await codec.decode(HOSPITAL, message)).toEqual(hospitalSamples.PatientAdmitted);
    });

    it('decode throws a retriable error for an id not yet cached, and decodes after recovery', async () => {
      const { registry, codec: writer } = setup();
      const message = await writer.encode(HOSPITAL, hospitalSamples.PatientDischarged);
      const reader = new EventCodec({ registry });
      registry.down = true;
      await expect(reader.decode(HOSPITAL, message)).rejects.toMatchObject({
        code: 'REGISTRY_UNAVAILABLE',
        retriable: true,
      });
      registry.down = false;
      expect(await reader.decode(HOSPITAL, message)).toEqual(hospitalSamples.PatientDischarged);
    });

    it('cached schemas keep working through the outage', async () => {
      const { registry, codec } = setup();
      const message = await codec.encode(HOSPITAL, hospitalSamples.PatientAdmitted);
      await codec.decode(HOSPITAL, message);
      registry.down = true;
      expect(
        await codec.decode(HOSPITAL, await codec.encode(HOSPITAL, hospitalSamples.PatientAdmitted)),
      ).toEqual(hospitalSamples.PatientAdmitted);
    });
  });
});

describe('EventCodec: refusals, framing and look-up only', () => {
  it('names the unknown schema id', async () => {
    const { codec } = setup();
    const message = frame(4242, Buffer.from([0]));
    await expect(codec.decode(HOSPITAL, message)).rejects.toThrow(UnknownSchemaIdError);
    await expect(codec.decode(HOSPITAL, message)).rejects.toThrow(/Schema id 4242/);
  });

  it('rejects an invalid event before touching the registry, naming the field', async () => {
    const { registry, codec } = setup();
    const bad = {
      ...hospitalSamples.DischargeReadyDeclared,
      payload: { ...hospitalSamples.DischargeReadyDeclared.payload, dischargeReadyDate: '06/01/2025' },
    };
    await expect(codec.encode(HOSPITAL, bad)).rejects.toThrow(InvalidEventError);
    await expect(codec.encode(HOSPITAL, bad)).rejects.toThrow(/dischargeReadyDate/);
    expect(registry.calls.register).toBe(0);
  });

  it('rejects an event type the topic does not carry', async () => {
    const { codec } = setup();
    const wrong = {
      ...hospitalSamples.PatientAdmitted,
      type: 'ReferralReceived',
    } as unknown as HospitalEvent;
    await expect(codec.encode(HOSPITAL, wrong)).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      retriable: false,
    });
  });

  it("refuses a message written with another topic's schema", async () => {
    const { codec } = setup();
    const message = await codec.encode(
      'homefirst.council.events.v1',
      sampleEvents['homefirst.council.events.v1'][0]!,
    );
    await expect(codec.decode(HOSPITAL, message)).rejects.toThrow(UnreadableSchemaError);
    expect((await codec.decodeAny(message)).topic).toBe('homefirst.council.events.v1');
  });

  it.each([
    ['too short', Buffer.from([0, 0])],
    ['wrong magic byte', Buffer.from([1, 0, 0, 0, 1, 0])],
  ])('rejects a malformed message: %s', async (_why, message) => {
    const { codec } = setup();
    await expect(codec.decode(HOSPITAL, message)).rejects.toThrow(MalformedMessageError);
  });

  it('frames as magic byte 0 + 4-byte big-endian id + Avro body', () => {
    const message = frame(0x01020304, Buffer.from('body'));
    expect([...message.subarray(0, 5)]).toEqual([0, 1, 2, 3, 4]);
    expect(unframe(message)).toEqual({ schemaId: 0x01020304, body: Buffer.from('body') });
  });

  it('with autoRegister false only looks schemas up', async () => {
    const registry = new InMemoryRegistry();
    await expect(
      new EventCodec({ registry, autoRegister: false }).encode(HOSPITAL, hospitalSamples.PatientDied),
    ).rejects.toThrow(/answered 404 to look up a schema/);
    await new EventCodec({ registry }).prepare([HOSPITAL]);
    const lookupOnly = new EventCodec({ registry, autoRegister: false });
    expect(unframe(await lookupOnly.encode(HOSPITAL, hospitalSamples.PatientDied)).schemaId).toBe(1);
    expect(registry.calls.register).toBe(1);
  });
});

describe('EventCodec.decodeAnySync', () => {
  it('is undefined until the schema id is cached, then decodes as decodeAny does, with no registry call', async () => {
    const { registry, codec: writer } = setup();
    const event = hospitalSamples.PatientAdmitted;
    const message = await writer.encode(HOSPITAL, event);
    const reader = new EventCodec({ registry });
    expect(reader.decodeAnySync(message)).toBeUndefined();
    const decoded = await reader.decodeAny(message);
    const calls = registry.calls.schemaById;

    const fast = reader.decodeAnySync(message);

    expect(fast).toEqual(decoded);
    expect(fast?.topic).toBe(HOSPITAL);
    expect(registry.calls.schemaById).toBe(calls);
  });

  it('keeps the schema key order, dataQuality (when set) last: NDJSON exports print the decoded event', async () => {
    const { codec } = setup();
    const plain = hospitalSamples.PatientAdmitted;
    const flag = {
      code: 'CLOCK_SKEW',
      fields: ['PV1-45', 'PV1-44'],
      detail: 'Discharge 30 s before admission.',
    };
    const flagged = { ...plain, dataQuality: [flag] } as HospitalEvent;
    const order = ['eventId', 'type', 'occurredAt', 'recordedAt', 'source', 'personKey', 'correlationId'];
    for (const [event, keys] of [
      [plain, [...order, 'payload']],
      [flagged, [...order, 'payload', 'dataQuality']],
    ] as const) {
      const message = await codec.encode(HOSPITAL, event);
      const slow = await codec.decodeAny(message);
      const fast = codec.decodeAnySync(message)?.event;
      expect(fast).toEqual(event);
      expect(Object.keys(fast ?? {})).toEqual(keys);
      expect(Object.keys(slow.event)).toEqual(keys);
    }
  });

  it('throws MalformedMessageError for a body its cached schema cannot read', async () => {
    const { codec } = setup();
    const message = await codec.encode(HOSPITAL, hospitalSamples.PatientAdmitted);
    await codec.decodeAny(message);
    const truncated = message.subarray(0, 8);
    expect(() => codec.decodeAnySync(truncated)).toThrow(MalformedMessageError);
    const cutShort = message.subarray(0, message.length - 1);
    expect(() => codec.decodeAnySync(cutShort)).toThrow(MalformedMessageError);
    await expect(codec.decodeAny(cutShort)).rejects.toThrow(MalformedMessageError);
    // Bytes after the value: not a value of this schema, read either way.
    const trailing = Buffer.concat([message, Buffer.from([0])]);
    expect(() => codec.decodeAnySync(trailing)).toThrow(/does not decode with schema id/);
    await expect(codec.decodeAny(trailing)).rejects.toThrow(MalformedMessageError);
  });
});

describe('EventCodec.prepareFeeds and prepareReading (start-up warming)', () => {
  it('makes the feed encodings synchronous before the first feed event', async () => {
    const { codec } = setup();
    const feedEvent = {
      ...hospitalSamples.PatientDied,
      type: 'FeedPatientDied',
      laCode: 'E08000012',
      sourceEventId: hospitalSamples.PatientDied.eventId,
    } as unknown as FeedEvent;
    expect(codec.encodeFeedSync('E08000012', feedEvent)).toBeUndefined();
    await codec.prepareFeeds(['E08000012', 'E08000014']);
    const bytes = codec.encodeFeedSync('E08000012', feedEvent);
    expect(bytes).toBeInstanceOf(Buffer);
    expect(codec.encodeFeedSync('E08000014', feedEvent)).toBeInstanceOf(Buffer);
    await expect(codec.prepareFeeds(['not-a-code'])).rejects.toThrow(/not an ONS LA code/);
  });

  it("loads the readers of the topics' current schemas, and skips a schema not registered yet", async () => {
    const { registry, codec: writer } = setup();
    const message = await writer.encode(HOSPITAL, hospitalSamples.PatientAdmitted);
    const reader = new EventCodec({ registry });
    await reader.prepareReading([HOSPITAL, 'homefirst.council.events.v1']);
    expect(reader.decodeAnySync(message)?.event).toEqual(hospitalSamples.PatientAdmitted);
    registry.down = true;
    await expect(new EventCodec({ registry }).prepareReading([HOSPITAL])).rejects.toThrow(
      RegistryUnavailableError,
    );
  });
});
