import type { HospitalEvent } from '@homefirst/schemas';
import { TopicReader } from '@homefirst/testing';
import { corpus, personKey, variant } from '../testing/corpus';
import { startHarness, type Harness } from '../testing/stack-harness';

// Patient merges over real HTTP into the real Kafka: the PatientsMerged an HL7 A40 gives, so the read models
// show one person. Own topics, consumer group and Redis key prefix per run.

let harness: Harness;
let reader: TopicReader;

beforeAll(async () => {
  harness = await startHarness();
  reader = new TopicReader(harness.kafka, harness.codec, harness.prefix);
  await reader.start();
});

afterAll(async () => {
  await reader?.stop();
  await harness?.close();
});

const merged = (): HospitalEvent[] =>
  reader
    .hospital()
    .map((r) => r.event as HospitalEvent)
    .filter((e) => e.type === 'PatientsMerged');

describe('Patient merges', () => {
  it('given a PUT of the surviving Patient (link replaces), then 200 once Kafka holds PatientsMerged keyed by the survivor; sent again, then no second event', async () => {
    const response = await harness.send('PUT', '/Patient/LUH-PT-0071123', corpus('patient-merge'));
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.json)).toContain('recorded PatientsMerged');
    await reader.until('the merge', () => merged().length === 1);
    const record = reader.hospital().find((r) => r.event.type === 'PatientsMerged');
    expect(record?.key).toBe(personKey('9991300007'));
    expect(record?.event).toMatchObject({
      source: { channel: 'FHIR', orgCode: 'REM', messageId: 'Patient/LUH-PT-0071123/_history/4' },
      payload: { nhsNumber: '9991300007', retiredNhsNumber: '9991300015' },
    });

    // A later version of the survivor still carries its link: the merge is already recorded.
    const later = variant(
      'patient-merge',
      (json) => void ((json.meta as { versionId: string }).versionId = '5'),
    );
    const again = await harness.send('PUT', '/Patient/LUH-PT-0071123', later);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ issue: [{ code: 'duplicate' }] });
    expect(merged()).toHaveLength(1);
  });

  it('given an admission held under a local id, when a merge message retires that id into a record with an NHS number, then PatientsMerged and the held admission recorded for the survivor', async () => {
    const admission = variant('encounter-admitted', (json) => {
      json.id = 'LUH-SP-2025-009001';
      json.subject = {
        identifier: {
          system: 'https://fhir.liverpoolft.nhs.uk/Id/local-patient-identifier',
          value: 'RQ8000455',
        },
      };
    });
    expect((await harness.send('POST', '/Encounter', admission)).status).toBe(202);

    const response = await harness.send('POST', '/$process-message', corpus('message-patient-merge'));
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.json)).toContain('recorded PatientsMerged');
    const survivor = '9991300031';
    await reader.until('the merge and the released admission', () =>
      reader.hospital().some((r) => r.event.type === 'PatientAdmitted' && r.key === personKey(survivor)),
    );
    const merge = merged().find((e) => e.source.messageId === 'LUH-MSG-2025-01-14-0042');
    expect(merge).toMatchObject({
      personKey: personKey(survivor),
      payload: {
        nhsNumber: survivor,
        retiredPatientId: 'RQ8000455',
        retiredNhsNumber: '9991300023',
        retiredPersonKey: personKey('9991300023'),
      },
    });
  });
});
