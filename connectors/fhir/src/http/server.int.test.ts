import { IdentityIndex, metricsRegistry } from '@homefirst/runtime';
import type { HospitalEvent, RawEvent } from '@homefirst/schemas';
import { corpus, NHS, personKey, variant } from '../testing/corpus';
import { TopicReader } from '@homefirst/testing';
import { startHarness, TOKENS, type Harness } from '../testing/stack-harness';

// The FHIR endpoint over real HTTP, writing to the real Kafka (events read back and decoded), registry and
// Redis of the local stack. Each run has its own topics, consumer group and Redis key prefix.

let harness: Harness;
let reader: TopicReader;

beforeAll(async () => {
  harness = await startHarness({ maxBodyBytes: 64 * 1024 });
  reader = new TopicReader(harness.kafka, harness.codec, harness.prefix);
  await reader.start();
});

afterAll(async () => {
  await reader?.stop();
  await harness?.close();
});

const hospitalOf = (spellId: string): HospitalEvent[] =>
  reader
    .hospital()
    .map((r) => r.event as HospitalEvent)
    .filter((e) => 'spellId' in e.payload && e.payload.spellId === spellId);

const rawWith = (messageId: string): RawEvent[] =>
  reader
    .of('homefirst.raw.v1')
    .map((r) => r.event as RawEvent)
    .filter((e) => e.source.messageId === messageId);

/** The corpus admission as spell `spellId`, its subject named only by the trust's local patient id. */
const admittedUnderLocalIdOnly = (spellId: string): Buffer =>
  variant('encounter-admitted', (json) => {
    json.id = spellId;
    json.subject = {
      identifier: {
        system: 'https://fhir.liverpoolft.nhs.uk/Id/local-patient-identifier',
        value: 'RQ6620981',
      },
    };
  });

describe('Encounter create and update', () => {
  const spellId = 'LUH-SP-2025-004711';

  it('given a UK Core Encounter in progress, when POSTed, then 201 after Kafka holds PatientAdmitted (keyed by personKey) and the raw bytes', async () => {
    const body = corpus('encounter-admitted');
    const response = await harness.send('POST', '/Encounter', body);
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information' }],
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);

    await reader.until(
      'the admission and its raw copy',
      () => hospitalOf(spellId).length === 1 && rawWith(`Encounter/${spellId}/_history/1`).length === 1,
    );
    const admitted = reader
      .hospital()
      .find(
        (r) =>
          r.event.type === 'PatientAdmitted' &&
          (r.event as HospitalEvent).payload.nhsNumber === NHS.margaretJones,
      );
    expect(admitted?.key).toBe(personKey(NHS.margaretJones));
    expect(admitted?.event).toMatchObject({
      type: 'PatientAdmitted',
      occurredAt: new Date('2025-01-06T09:30:00Z'),
      source: { channel: 'FHIR', orgCode: 'REM', messageId: `Encounter/${spellId}/_history/1` },
      payload: {
        nhsNumber: NHS.margaretJones,
        spellId,
        location: { site: 'REM21', ward: 'Acute Medical Unit' },
        // contract v3 through the registry: UK Core source of admission 19; no Patient, so no age band
        usualPlaceOfResidence: 'PRIVATE_RESIDENCE',
        admissionSourceCode: '19',
        ageBandAtAdmission: null,
      },
    });
    const [raw] = rawWith(`Encounter/${spellId}/_history/1`);
    expect(raw?.payload.body.equals(body)).toBe(true);
    expect(raw?.payload).toMatchObject({ transport: 'HTTP', contentType: 'application/fhir+json' });
    expect(raw?.correlationId).toBe(admitted?.event.correlationId);
  });

  it('given the admission, when the same Encounter version is resent, then success and nothing is published again', async () => {
    const response = await harness.send('POST', '/Encounter', corpus('encounter-admitted'));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ issue: [{ code: 'duplicate' }] });
    // A later message proves the resend would have been read by now.
    await harness.send('PUT', `/Encounter/${spellId}`, corpus('encounter-transferred'));
    await reader.until('the transfer', () =>
      hospitalOf(spellId).some((e) => e.type === 'PatientTransferred'),
    );
    expect(hospitalOf(spellId).map((e) => e.type)).toEqual(['PatientAdmitted', 'PatientTransferred']);
    expect(rawWith(`Encounter/${spellId}/_history/1`)).toHaveLength(1);
  });

  it('given the transfer, when readiness is declared by PUT, then 200 and only what changed is recorded (the snapshot lives in Redis)', async () => {
    const response = await harness.send('PUT', `/Encounter/${spellId}`, corpus('encounter-discharge-ready'));
    expect(response.status).toBe(200);
    await reader.until('readiness', () => hospitalOf(spellId).length === 4);
    expect(hospitalOf(spellId).map((e) => e.type)).toEqual([
      'PatientAdmitted',
      'PatientTransferred',
      'DischargeReadyDeclared',
      'ExpectedDischargeDateSet',
    ]);
  });

  it('given an update whose id differs from the URL, then 400', async () => {
    const response = await harness.send('PUT', '/Encounter/SOMETHING-ELSE', corpus('encounter-admitted'));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ issue: [{ expression: ['Encounter.id'] }] });
  });
});

describe('message Bundles and identity', () => {
  it('given a message Bundle, when POSTed to $process-message, then 200 with a response message (MessageHeader.response.code ok)', async () => {
    const response = await harness.send('POST', '/$process-message', corpus('message-admission'));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      resourceType: 'Bundle',
      type: 'message',
      entry: [
        {
          resource: {
            resourceType: 'MessageHeader',
            eventCoding: { code: 'A01' },
            response: { identifier: '0f6b1f52-9f8e-4a0e-8c55-b1d1b5f7e001', code: 'ok' },
            destination: [{ endpoint: 'https://interfaces.liverpoolft.nhs.uk/fhir' }],
          },
        },
        { resource: { resourceType: 'OperationOutcome' } },
      ],
    });
    await reader.until('the admission', () => hospitalOf('LUH-SP-2025-005120').length === 1);
  });

  it('given a message naming only a local patient id, then 202: stored (raw) and held, not an error; when a later message links the id to an NHS number, then the held admission is recorded', async () => {
    const held = await harness.send('POST', '/$process-message', corpus('message-admission-mrn-only'));
    expect(held.status).toBe(200);
    expect(JSON.stringify(held.json)).toMatch(
      /held and recorded as soon as a message links the id to an NHS number/,
    );
    const heldEncounter = await harness.send(
      'POST',
      '/Encounter',
      admittedUnderLocalIdOnly('LUH-SP-2025-005300'),
    );
    expect(heldEncounter.status).toBe(202);
    expect(heldEncounter.json).toMatchObject({ issue: [{ code: 'incomplete' }] });
    await reader.until('the raw copies', () => rawWith('a3c2f6e0-54d5-4c1b-8f3e-000000005201').length === 1);
    expect(hospitalOf('LUH-SP-2025-005201')).toEqual([]);

    // The same patient's next admission carries both identifiers.
    const linking = variant('message-admission', (json) => {
      json.id = 'a3c2f6e0-54d5-4c1b-8f3e-000000005400';
      const entries = json.entry as Array<{ resource: Record<string, unknown> }>;
      const encounter = entries[1]?.resource;
      const patient = entries[2]?.resource;
      if (encounter) encounter.id = 'LUH-SP-2025-005400';
      if (patient)
        patient.identifier = [
          { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9991290001' },
          { type: { coding: [{ code: 'MR' }] }, value: 'RQ6620981' },
        ];
    });
    const response = await harness.send('POST', '/$process-message', linking);
    expect(response.status).toBe(200);
    await reader.until('the released admissions', () =>
      ['LUH-SP-2025-005201', 'LUH-SP-2025-005300', 'LUH-SP-2025-005400'].every(
        (id) => hospitalOf(id).length === 1,
      ),
    );
    for (const id of ['LUH-SP-2025-005201', 'LUH-SP-2025-005300', 'LUH-SP-2025-005400']) {
      expect(hospitalOf(id)[0]).toMatchObject({
        type: 'PatientAdmitted',
        personKey: personKey('9991290001'),
        payload: { nhsNumber: '9991290001' },
      });
    }
    // Released under the message that first carried them.
    expect(hospitalOf('LUH-SP-2025-005201')[0]?.source.messageId).toBe(
      'a3c2f6e0-54d5-4c1b-8f3e-000000005201',
    );
    // Written, so settled: nothing left in the index to be released again.
    expect(await new IdentityIndex(harness.redis).heldCount('REM', 'RQ6620981')).toBe(0);

    // From now on the local id alone resolves.
    const later = await harness.send('POST', '/Encounter', admittedUnderLocalIdOnly('LUH-SP-2025-005500'));
    expect(later.status).toBe(201);
    await reader.until('the resolved admission', () => hospitalOf('LUH-SP-2025-005500').length === 1);
    expect(hospitalOf('LUH-SP-2025-005500')[0]?.payload).toMatchObject({ nhsNumber: '9991290001' });
  });
});

describe('Bundles: transaction, batch, notification', () => {
  it('given a transaction with one invalid entry, then 422 naming the entry, and nothing of it is recorded', async () => {
    const response = await harness.send('POST', '', corpus('transaction-one-invalid'));
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({
      issue: [{ expression: ['Bundle.entry[1].resource.subject.identifier.value'] }],
    });
    await reader.until('the dead letter', () =>
      reader.deadLetters().some((d) => d.source.messageId === 'tx-2025-01-13-0806'),
    );
    expect(hospitalOf('LUH-SP-2025-006001')).toEqual([]);
  });

  it('given a batch with one invalid entry, then a batch-response: the good entry recorded, the bad one 422 and dead-lettered', async () => {
    const response = await harness.send('POST', '', corpus('batch-one-invalid'));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: [{ response: { status: '201 Created' } }, { response: { status: '422 Unprocessable Entity' } }],
    });
    await reader.until(
      'the batch',
      () =>
        hospitalOf('LUH-SP-2025-006001').length === 1 &&
        reader.deadLetters().some((d) => d.payload.reason.includes('Bundle.entry[1]')),
    );
  });

  it('given a full-resource Subscription notification, then 200; a ping is 200; an id-only one without the trust server configured is 422', async () => {
    const notified = await harness.send(
      'POST',
      '/notify',
      variant('notification-full-resource', (json) => {
        const entries = json.entry as Array<{ resource?: Record<string, unknown> }>;
        const encounter = entries[1]?.resource;
        if (encounter) encounter.id = 'LUH-SP-2025-007001';
      }),
    );
    expect(notified.status).toBe(200);
    await reader.until('the notified spell', () => hospitalOf('LUH-SP-2025-007001').length === 3);
    expect(hospitalOf('LUH-SP-2025-007001').map((e) => [e.type, e.source.messageId])).toEqual([
      ['PatientAdmitted', 'Encounter/LUH-SP-2025-007001/_history/3'],
      ['DischargeReadyDeclared', 'Encounter/LUH-SP-2025-007001/_history/3'],
      ['ExpectedDischargeDateSet', 'Encounter/LUH-SP-2025-007001/_history/3'],
    ]);
    expect((await harness.send('POST', '/notify')).status).toBe(200);
    const idOnly = await harness.send('POST', '/notify', corpus('notification-id-only'));
    expect(idOnly.status).toBe(422);
    expect(idOnly.json).toMatchObject({
      issue: [{ code: 'not-supported', expression: ['Bundle.entry[1]'] }],
    });
  });
});

describe('refusals: OperationOutcome with the right status, dead letter with the reason', () => {
  it('given an NHS number failing modulus 11, then 422 at the element, and the dead letter says why without the number', async () => {
    const response = await harness.send('POST', '/Encounter', corpus('encounter-invalid-nhs-number'));
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'value', expression: ['Encounter.subject.identifier.value'] }],
    });
    await reader.until('the dead letter', () =>
      reader.deadLetters().some((d) => d.payload.reason.includes('not a valid NHS number')),
    );
    const letter = reader.deadLetters().find((d) => d.payload.reason.includes('not a valid NHS number'));
    expect(letter?.payload).toMatchObject({
      stage: 'VALIDATE',
      errorCode: 'VALIDATION_FAILED',
      retriable: false,
    });
    expect(letter?.payload.reason).not.toContain('9991242482');
    expect(reader.of('homefirst.raw.v1').some((r) => r.event.eventId === letter?.payload.rawEventId)).toBe(
      true,
    );
  });

  it.each([
    {
      what: 'not JSON',
      body: corpus('malformed.txt'),
      contentType: 'application/fhir+json',
      status: 400,
      code: 'structure',
    },
    {
      what: 'a wrong media type',
      body: corpus('encounter-admitted'),
      contentType: 'text/plain',
      status: 415,
      code: 'not-supported',
    },
    {
      what: 'XML',
      body: Buffer.from('<Encounter xmlns="http://hl7.org/fhir"/>'),
      contentType: 'application/fhir+xml',
      status: 415,
      code: 'not-supported',
    },
  ])('given $what, then $status ($code)', async ({ body, contentType, status, code }) => {
    const response = await harness.send('POST', '/Encounter', body, { contentType });
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code }] });
  });

  it('given a body over the limit, then 413', async () => {
    const big = variant(
      'encounter-admitted',
      (json) => void (json.text = { status: 'generated', div: `<div>${'x'.repeat(70_000)}</div>` }),
    );
    const response = await harness.send('POST', '/Encounter', big);
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ issue: [{ code: 'too-costly' }] });
  });

  it('given no token or an unknown one, then 401 with WWW-Authenticate, before the body is read', async () => {
    const none = await harness.send('POST', '/Encounter', corpus('encounter-admitted'), { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(
      (await harness.send('GET', '/metadata', undefined, { token: 'not-a-token-we-issued-000' })).status,
    ).toBe(401);
  });

  it('given an unknown path, then 404 OperationOutcome; metadata answers a CapabilityStatement', async () => {
    expect((await harness.send('GET', '/Patient/1')).status).toBe(404);
    const metadata = await harness.send('GET', '/metadata');
    expect(metadata.json).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
  });

  it('stamps events with the ODS code of the token, not of the message', async () => {
    const body = variant('encounter-admitted', (json) => void (json.id = 'RXN-SP-1'));
    expect((await harness.send('POST', '/Encounter', body, { token: TOKENS.RXN })).status).toBe(201);
    await reader.until('the RXN admission', () => hospitalOf('RXN-SP-1').length === 1);
    expect(hospitalOf('RXN-SP-1')[0]?.source.orgCode).toBe('RXN');
  });

  it('counts accepted, rejected, duplicates and held in Prometheus metrics', async () => {
    const text = await metricsRegistry.metrics();
    for (const name of [
      'homefirst_fhir_accepted_total',
      'homefirst_fhir_rejected_total',
      'homefirst_fhir_duplicates_total',
      'homefirst_fhir_held_total',
    ])
      expect(text).toContain(name);
    expect(text).toMatch(/homefirst_fhir_rejected_total\{status="422"\} [1-9]/);
  });
});
