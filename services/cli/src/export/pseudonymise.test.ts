import { createSecretKey } from 'node:crypto';
import {
  catalogue,
  hospitalTopic,
  sampleEvents,
  type AvroRecord,
  type HomefirstEvent,
  type TopicName,
  type TopicSpec,
} from '@homefirst/schemas';
import { nhsNumbersIn, textsOf } from '../testing/nhs-scan';
import { createPseudonymiser, pseudonymisationPolicy, treatmentOf } from './pseudonymise';

// The exported topics' samples (the feed family is not exported: a council's feed is a copy of these events).
const allSamples: readonly HomefirstEvent[] = catalogue.flatMap(
  (topic): readonly HomefirstEvent[] => sampleEvents[topic.name as TopicName],
);
const key = (fill: string) => createSecretKey(Buffer.alloc(32, fill));

describe('pseudonymisation policy (walked from the Avro schemas)', () => {
  const policy = new Map(pseudonymisationPolicy(catalogue).map((f) => [f.field, f.treatment]));

  it('drops NHS numbers, MRNs, spell, referral and package ids, message and correlation ids and free text', () => {
    for (const field of [
      'payload.nhsNumber',
      'payload.retiredNhsNumber',
      'payload.retiredPatientId',
      'payload.spellId',
      'payload.referralId',
      'payload.packageId',
      'payload.location.bed',
      'payload.reason',
      'payload.actorId',
      'payload.body',
      'payload.input',
      'source.messageId',
      'correlationId',
      'dataQuality[].detail',
      // contract v3: the council's own person id and the hospital spell a referral names are identifiers;
      // a provider's name may be a person's (a personal assistant)
      'payload.councilPersonId',
      'payload.hospitalSpellId',
      'payload.providerName',
    ])
      expect([field, policy.get(field)]).toEqual([field, 'drop']);
  });

  it('keeps the v3 admission facts: an age band, a place-of-residence category and the NHS source of admission code', () => {
    // enums are kept whole (no date of birth exists on any event to drop)
    expect(policy.get('payload.admissionSourceCode')).toBe('keep');
    expect(policy.get('payload.ageBandAtAdmission')).not.toBe('drop');
    expect(policy.get('payload.usualPlaceOfResidence')).not.toBe('drop');
  });

  it('keeps personKey (re-keyed with a recipient key), codes and organisations', () => {
    expect(policy.get('personKey')).toBe('rekey');
    expect(policy.get('payload.retiredPersonKey')).toBe('rekey');
    expect(policy.get('payload.personKeys[]')).toBe('rekey');
    expect(policy.get('eventId')).toBe('rekey');
    expect(policy.get('source.orgCode')).toBe('keep');
    expect(policy.get('payload.location.ward')).toBe('keep');
  });

  it('drops a string field nobody has decided about yet (a field added to the contract later)', () => {
    expect(treatmentOf('payload.someNewFreeText', 'string')).toBe('drop');
    expect(treatmentOf('payload.someNewCount', 'int')).toBe('keep');
    const [admitted, ...others] = (hospitalTopic.valueSchema.fields.find((f) => f.name === 'payload')?.type ??
      []) as readonly AvroRecord[];
    if (admitted === undefined) throw new Error('no payload records');
    const grown: TopicSpec = {
      ...hospitalTopic,
      valueSchema: {
        ...hospitalTopic.valueSchema,
        fields: hospitalTopic.valueSchema.fields.map((f) =>
          f.name === 'payload'
            ? {
                ...f,
                type: [
                  {
                    ...admitted,
                    fields: [...admitted.fields, { name: 'bedsideNote', type: 'string', doc: 'x' }],
                  },
                  ...others,
                ],
              }
            : f,
        ),
      },
    };
    const grownPolicy = pseudonymisationPolicy([grown]);
    expect(grownPolicy.find((f) => f.field === 'payload.bedsideNote')?.treatment).toBe('drop');
    const pseudonymise = createPseudonymiser([grown]);
    const event = {
      ...sampleEvents['homefirst.hospital.events.v1'][0]!,
      payload: { bedsideNote: 'lives alone' },
    };
    expect(JSON.stringify(pseudonymise(event))).not.toContain('lives alone');
  });
});

describe('createPseudonymiser', () => {
  it('leaves no NHS number and no dropped value in any sample event of any topic', () => {
    const pseudonymise = createPseudonymiser(catalogue);
    for (const event of allSamples) {
      const out = pseudonymise(event);
      expect([event.type, [...textsOf(out)].flatMap(nhsNumbersIn)]).toEqual([event.type, []]);
      expect(out).not.toHaveProperty('correlationId');
      expect(out.eventId).toBe(event.eventId);
    }
    // The input is not changed.
    expect(allSamples.some((event) => [...textsOf(event)].flatMap(nhsNumbersIn).length > 0)).toBe(true);
  });

  it('keeps personKey without a key; with a key re-keys it, the same way every time, differently per key', () => {
    const event = sampleEvents['homefirst.hospital.events.v1'][0]!;
    expect(createPseudonymiser(catalogue)(event).personKey).toBe(event.personKey);
    const a = createPseudonymiser(catalogue, key('a'));
    const b = createPseudonymiser(catalogue, key('b'));
    expect(a(event).personKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a(event).personKey).toBe(a({ ...event }).personKey);
    expect(a(event).personKey).not.toBe(event.personKey);
    expect(a(event).personKey).not.toBe(b(event).personKey);
    expect(a(event).eventId).not.toBe(b(event).eventId);
  });

  it('re-keys every personKey an audited page read names, as it re-keys the envelope personKey of the same person', () => {
    const page = sampleEvents['homefirst.audit.v1'].find((event) => event.type === 'PersonRecordsRead');
    if (page?.type !== 'PersonRecordsRead') throw new Error('no PersonRecordsRead sample');
    const [first] = page.payload.personKeys;
    const person = { ...sampleEvents['homefirst.hospital.events.v1'][0]!, personKey: first ?? '' };
    expect(createPseudonymiser(catalogue)(page)).toMatchObject({
      payload: { personKeys: page.payload.personKeys },
    });
    const a = createPseudonymiser(catalogue, key('a'));
    const rekeyed = a(page);
    expect(rekeyed.payload.personKeys).toHaveLength(page.payload.personKeys.length);
    expect(rekeyed.payload.personKeys[0]).toBe(a(person).personKey);
    expect(rekeyed.payload.personKeys.some((k) => page.payload.personKeys.includes(k))).toBe(false);
  });

  it('keeps the data-quality flag codes and source field names, drops the free-text detail', () => {
    const flagged = {
      ...sampleEvents['homefirst.hospital.events.v1'][0]!,
      dataQuality: [{ code: 'CLOCK_SKEW' as const, fields: ['PV1-45', 'PV1-44'], detail: 'free text' }],
    };
    expect(createPseudonymiser(catalogue)(flagged).dataQuality).toEqual([
      { code: 'CLOCK_SKEW', fields: ['PV1-45', 'PV1-44'] },
    ]);
  });
});
