import { BadRequestError, FhirValidationError, UnparseableError } from '../errors';
import { corpus, NHS, PARSE_OPTIONS, parse, variant } from '../testing/corpus';
import { parseSubmission } from './parse';
import { refusalOf as refusal } from '../testing/refusal';

describe('malformed input', () => {
  it('given bytes that are not JSON, then 400 (structure)', () => {
    const r = refusal(corpus('malformed.txt'));
    expect(r.err).toBeInstanceOf(UnparseableError);
    expect(r.status).toBe(400);
    expect(r.codes).toEqual(['structure']);
  });

  it('given an empty body, then 400 — except on the notification endpoint, where it is a ping', () => {
    expect(refusal(Buffer.alloc(0)).status).toBe(400);
    expect(parse(Buffer.from(' \n'), { kind: 'notification' }).kind).toBe('ping');
  });

  it('given JSON that is not a resource, then 400 naming resourceType', () => {
    const r = refusal(Buffer.from('[{"status":"in-progress"}]'));
    expect(r.status).toBe(400);
    expect(r.paths).toEqual(['resourceType']);
  });

  it('given a Location posted to the base, then 400 naming resourceType: only Bundles, Encounters and Patients (merges) are accepted', () => {
    const r = refusal(Buffer.from(JSON.stringify({ resourceType: 'Location', id: 'l1' })));
    expect(r.err).toBeInstanceOf(BadRequestError);
    expect(r.status).toBe(400);
    expect(r.paths).toEqual(['resourceType']);
  });

  it('given a Patient posted to the Encounter endpoint, then 400', () => {
    const r = refusal(Buffer.from(JSON.stringify({ resourceType: 'Patient', id: 'p1' })), {
      kind: 'create',
    });
    expect(r.err).toBeInstanceOf(BadRequestError);
    expect(r.status).toBe(400);
  });

  it('given an update whose body id differs from the URL, then 400 on Encounter.id', () => {
    const r = refusal(corpus('encounter-admitted'), { kind: 'update', id: 'SOMETHING-ELSE' });
    expect(r.status).toBe(400);
    expect(r.paths).toEqual(['Encounter.id']);
  });

  it('given a message Bundle posted to the Encounter endpoint, then 400', () => {
    expect(refusal(corpus('message-admission'), { kind: 'create' }).status).toBe(400);
  });
});

describe('invalid content (422, with the element path)', () => {
  it('given an NHS number that fails the modulus 11 check, then 422 at subject.identifier.value without echoing the number', () => {
    const r = refusal(corpus('encounter-invalid-nhs-number'));
    expect(r.err).toBeInstanceOf(FhirValidationError);
    expect(r.status).toBe(422);
    expect(r.paths).toEqual(['Encounter.subject.identifier.value']);
    expect(r.codes).toEqual(['value']);
    expect(r.text).not.toContain('9991242482');
  });

  it('given a contained Patient with a bad NHS number, then the path points into contained', () => {
    const body = variant('encounter-contained-patient', (json) => {
      const [patient] = json.contained as Array<{ identifier: Array<{ value: string }> }>;
      if (patient?.identifier[0]) patient.identifier[0].value = '9991258328';
    });
    expect(refusal(body).paths).toEqual(['Encounter.contained[0].identifier[0].value']);
  });

  it('given an Encounter without status, then 422 required at Encounter.status', () => {
    const r = refusal(variant('encounter-admitted', (json) => void delete json.status));
    expect(r.status).toBe(422);
    expect(r.paths).toEqual(['Encounter.status']);
    expect(r.codes).toEqual(['required']);
  });

  it('given an unknown status code, then 422 code-invalid', () => {
    const r = refusal(variant('encounter-admitted', (json) => void (json.status = 'discharged')));
    expect(r.paths).toEqual(['Encounter.status']);
    expect(r.codes).toEqual(['code-invalid']);
  });

  it('given a finished inpatient Encounter without period.end, then 422: the discharge time is required', () => {
    const r = refusal(
      variant('encounter-discharged', (json) => void (json.period = { start: '2025-01-06T09:30:00+00:00' })),
    );
    expect(r.paths).toEqual(['Encounter.period.end']);
  });

  it('given an admission without period.start, then 422 at Encounter.period.start', () => {
    expect(refusal(variant('encounter-admitted', (json) => void delete json.period)).paths).toEqual([
      'Encounter.period.start',
    ]);
  });

  it('given a partial date ("2025-01") as the admission time, then 422: it cannot be put on a clock', () => {
    const r = refusal(variant('encounter-admitted', (json) => void (json.period = { start: '2025-01' })));
    expect(r.paths).toEqual(['Encounter.period.start']);
    expect(r.codes).toEqual(['value']);
  });

  it('given no subject, then 422 at Encounter.subject', () => {
    expect(refusal(variant('encounter-admitted', (json) => void delete json.subject)).paths).toEqual([
      'Encounter.subject',
    ]);
  });

  it('given two different NHS numbers for the same patient, then 422 business-rule', () => {
    const body = variant('encounter-contained-patient', (json) => {
      json.subject = {
        reference: '#pat',
        identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS.txA },
      };
    });
    // subject.identifier with the NHS system and a contained Patient with another number
    const r = refusal(body);
    expect(r.codes).toEqual(['business-rule']);
  });

  it('given a readiness extension with an unknown delay reason, then 422 at that sub-extension', () => {
    const body = variant('encounter-discharge-ready', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      const reason = ext?.extension.find((e) => e.url === 'delayReason');
      if (reason) reason.valueCoding = { code: 'WAITING_FOR_GODOT' };
    });
    const r = refusal(body);
    expect(r.paths).toEqual(['Encounter.extension[0].extension[3].valueCoding.code']);
    expect(r.codes).toEqual(['code-invalid']);
  });

  it('given a declared readiness without a ready date, then 422 required', () => {
    const body = variant('encounter-discharge-ready', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      if (ext) ext.extension = ext.extension.filter((e) => e.url !== 'readyDateTime');
    });
    expect(refusal(body).codes).toEqual(['required']);
  });

  it('given a message Bundle without an id, then 422 at Bundle.id (resends could not be recognised)', () => {
    expect(refusal(variant('message-admission', (json) => void delete json.id)).paths).toEqual(['Bundle.id']);
  });

  it('given a message whose first entry is not a MessageHeader, then 422', () => {
    const body = variant('message-admission', (json) => void (json.entry as unknown[]).reverse());
    expect(refusal(body).paths).toEqual(['Bundle.entry[0].resource']);
  });

  it('given a document Bundle, then 422 at Bundle.type', () => {
    expect(refusal(variant('message-admission', (json) => void (json.type = 'document'))).paths).toEqual([
      'Bundle.type',
    ]);
  });

  it('given a transaction with one invalid entry, then the whole transaction is refused naming that entry', () => {
    const r = refusal(corpus('transaction-one-invalid'));
    expect(r.status).toBe(422);
    expect(r.paths).toEqual(['Bundle.entry[1].resource.subject.identifier.value']);
  });

  it('given a batch entry that DELETEs, then that entry is refused as not supported', () => {
    const body = variant('batch-one-invalid', (json) => {
      const [first] = json.entry as Array<{ request: { method: string } }>;
      if (first) first.request.method = 'DELETE';
    });
    const submission = parse(body);
    expect(submission.entries.map((e) => e.issues.map((i) => [i.path, i.type]))).toEqual([
      [['Bundle.entry[0].request.method', 'not-supported']],
      [['Bundle.entry[1].resource.subject.identifier.value', 'value']],
    ]);
  });
});

describe('accepted shapes', () => {
  it('given a batch with one invalid entry, then the valid entry is a unit and the invalid one carries its issues', () => {
    const submission = parse(corpus('batch-one-invalid'));
    expect(submission.kind).toBe('batch');
    expect(submission.units.map((u) => u.facts.spellId)).toEqual(['LUH-SP-2025-006001']);
    expect(submission.entries.map((e) => [e.unit, e.issues.length])).toEqual([
      [0, 0],
      [null, 1],
    ]);
  });

  it('given a transaction of two admissions, then two units, each identified by its Encounter version', () => {
    const submission = parse(corpus('transaction-two-admissions'));
    expect(submission.units.map((u) => [u.messageId, u.identity.nhsNumber])).toEqual([
      ['Encounter/LUH-SP-2025-006001/_history/1', NHS.txA],
      ['Encounter/LUH-SP-2025-006002/_history/1', NHS.txB],
    ]);
    expect(submission.messageId).toBe('tx-2025-01-13-0800');
  });

  it('given a message whose Patient has only a local id, then the unit carries the MRN and no NHS number', () => {
    const [unit] = parse(corpus('message-admission-mrn-only')).units;
    expect(unit?.identity).toEqual({ nhsNumber: null, mrn: 'RQ6620981' });
  });

  it('given a message whose Patient has both, then both are known (the identity index learns the link)', () => {
    const [unit] = parse(corpus('message-admission')).units;
    expect(unit?.identity).toEqual({ nhsNumber: NHS.thomasBradshaw, mrn: 'RQ5512034' });
  });

  it('given a full-resource Subscription notification, then its Encounter is a unit and the status Parameters are skipped', () => {
    const submission = parse(corpus('notification-full-resource'), { kind: 'notification' });
    expect(submission.kind).toBe('history');
    expect(submission.units.map((u) => u.facts.spellId)).toEqual(['LUH-SP-2025-004711']);
  });

  it('given an id-only notification, then the entry names the Encounter to read from the trust', () => {
    const submission = parse(corpus('notification-id-only'), { kind: 'notification' });
    expect(submission.units).toEqual([]);
    expect(submission.entries.map((e) => e.idOnly)).toEqual([
      null,
      'https://fhir.liverpoolft.nhs.uk/fhir/Encounter/LUH-SP-2025-004711',
    ]);
  });

  it('given an Encounter without version metadata, then its message id is a hash of its content (resends still match)', () => {
    const body = variant('encounter-admitted', (json) => void delete json.meta);
    const first = parse(body).units[0]?.messageId;
    expect(first).toMatch(/^Encounter\/LUH-SP-2025-004711\/_history\/sha256-[0-9a-f]{64}$/);
    expect(parse(body).units[0]?.messageId).toBe(first);
  });
});

describe("delay reasons: the current return's codes and the trust's own (docs/delay-reasons.md)", () => {
  it("given the trust's own delay-reason code, when configured (HOMEFIRST_FHIR_DELAY_REASON_CODES), then it reads as the hub code", () => {
    const body = variant('encounter-discharge-ready', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      const reason = ext?.extension.find((e) => e.url === 'delayReason');
      if (reason) reason.valueCoding = { system: 'https://trust.example/CodeSystem/delay', code: 'mffd-ot' };
    });
    const options = {
      ...PARSE_OPTIONS,
      delayReasonCodes: new Map([['MFFD-OT', 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE' as const]]),
    };
    const readiness = parseSubmission(body, { kind: 'base' }, options).units[0]?.facts.readiness;
    expect(readiness).toMatchObject({
      delay: { reason: 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE', attribution: 'NHS' },
    });
    expect(refusal(body).codes).toEqual(['code-invalid']); // unconfigured, the local code is refused
  });

  it('given a code of the current return, then it is accepted with its default attribution', () => {
    const body = variant('encounter-discharge-ready', (json) => {
      const ext = (json.extension as Array<{ extension: Array<Record<string, unknown>> }>)[0];
      const reason = ext?.extension.find((e) => e.url === 'delayReason');
      if (reason) reason.valueCoding = { code: 'P3_CARE_HOME_NOT_AVAILABLE' };
    });
    expect(parse(body).units[0]?.facts.readiness).toMatchObject({
      delay: { reason: 'P3_CARE_HOME_NOT_AVAILABLE', attribution: 'SOCIAL_CARE' },
    });
  });
});
