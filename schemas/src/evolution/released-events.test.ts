import { parseAvro } from '../avro/logical-types';
import { councilTopic, hospitalTopic } from '../catalogue/topics';
import { EventCodec } from '../codec/event-codec';
import type { CouncilEvent, HospitalEvent } from '../generated/events';
import { InMemoryRegistry } from '../testing/in-memory-registry';
import { writerOfReleased } from '../testing/released-writer';
import { councilSamples, hospitalSamples } from '../testing/sample-events';
import { releasedVersions } from './released';

/**
 * The admission facts (hospital v4; v3 added the current delay reasons) and the council fields (council v3):
 * what an event written before them reads back as (null: "the source did not say").
 */
const V4_HOSPITAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  PatientAdmitted: ['ageBandAtAdmission', 'usualPlaceOfResidence', 'admissionSourceCode'],
};
const V3_COUNCIL_FIELDS = (type: string): string[] => [
  ...(type === 'ReferralReceived' ? ['hospitalSpellId'] : []),
  ...(['ProviderOffered', 'ProviderDeclined', 'PackageSourced', 'PackageStarted'].includes(type)
    ? ['providerName']
    : []),
  'councilPersonId',
];

/** An event as a reader of this build sees it when it was written before `fields` existed. */
const withoutFields = <E extends { payload: object; dataQuality?: unknown }>(
  event: E,
  fields: readonly string[],
  version: number,
): E => {
  const { dataQuality, ...rest } = event;
  const payload: Record<string, unknown> = { ...event.payload };
  for (const name of fields) payload[name] = null;
  // dataQuality arrived in v2: a v1 event has none.
  return { ...rest, ...(version >= 2 && dataQuality !== undefined && { dataQuality }), payload } as E;
};

describe('events written with every released version decode under this build (BACKWARD_TRANSITIVE in practice)', () => {
  const hospitalVersions = releasedVersions(hospitalTopic.valueSubject).map((r) => r.version);
  const councilVersions = releasedVersions(councilTopic.valueSubject).map((r) => r.version);

  it('has the releases with the admission facts (hospital v4) and the council fields (council v3)', () => {
    expect(hospitalVersions).toContain(4);
    expect(councilVersions).toContain(3);
  });

  it.each(hospitalVersions)(
    'hospital v%i: every sample reads back, fields added later as null',
    async (v) => {
      // given a sample of every hospital event type, written by a producer of released version v
      const registry = new InMemoryRegistry();
      const write = await writerOfReleased('homefirst.hospital.events.v1', v, registry);
      const codec = new EventCodec({ registry });
      for (const sample of Object.values(hospitalSamples) as HospitalEvent[]) {
        // when this build decodes it (and again on the hot path, reading the body in place)
        const message = write(sample);
        const read = await codec.decode('homefirst.hospital.events.v1', message);
        // then it is the sample, less what version v could not carry
        const added = v < 4 ? (V4_HOSPITAL_FIELDS[sample.type] ?? []) : [];
        expect(read).toEqual(withoutFields(sample, added, v));
        expect(codec.decodeAnySync(message)?.event).toEqual(read);
      }
    },
  );

  it.each(councilVersions)('council v%i: every sample reads back, fields added later as null', async (v) => {
    const registry = new InMemoryRegistry();
    const write = await writerOfReleased('homefirst.council.events.v1', v, registry);
    const codec = new EventCodec({ registry });
    for (const sample of Object.values(councilSamples) as CouncilEvent[]) {
      const message = write(sample);
      const read = await codec.decode('homefirst.council.events.v1', message);
      expect(read).toEqual(withoutFields(sample, v < 3 ? V3_COUNCIL_FIELDS(sample.type) : [], v));
      expect(codec.decodeAnySync(message)?.event).toEqual(read);
    }
  });

  it('reads a route of access added in v3 as UNKNOWN with the v2 reader (the enum default)', async () => {
    // given a v3 ReferralReceived from prison, and a consumer still on v2
    const registry = new InMemoryRegistry();
    const write = await writerOfReleased('homefirst.council.events.v1', 3, registry);
    const sample = councilSamples.ReferralReceived;
    const body = write({ ...sample, payload: { ...sample.payload, routeOfAccess: 'PRISON' } });
    const v2 = releasedVersions(councilTopic.valueSubject).find((r) => r.version === 2);
    const v3 = releasedVersions(councilTopic.valueSubject).find((r) => r.version === 3);
    if (v2 === undefined || v3 === undefined) throw new Error('v2 and v3 must be released');
    const reader = parseAvro(v2.schema);
    const decoded = reader.fromBuffer(body.subarray(5), reader.createResolver(parseAvro(v3.schema))) as {
      payload: Record<string, { routeOfAccess: string }>;
    };
    // then the old reader sees the enum's default, not a failure
    expect(Object.values(decoded.payload)[0]?.routeOfAccess).toBe('UNKNOWN');
  });
});
