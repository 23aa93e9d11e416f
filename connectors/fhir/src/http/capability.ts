import { HUB_EXTENSION } from '../mapping/extensions';

/** What the endpoint offers, for FHIR tooling that reads `[base]/metadata` first. */
export const capabilityStatement = (baseUrl: string): unknown => ({
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2025-01-01',
  kind: 'instance',
  software: { name: 'Homefirst Hub FHIR connector' },
  implementation: {
    description: 'Homefirst Hub: trust admissions, discharge readiness and discharges',
    url: baseUrl,
  },
  fhirVersion: '4.0.1',
  format: ['application/fhir+json', 'application/json'],
  rest: [
    {
      mode: 'server',
      security: {
        description:
          'Bearer token issued per trust (Authorization: Bearer …); the token names the sending trust.',
      },
      resource: [
        {
          type: 'Encounter',
          profile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter',
          interaction: [{ code: 'create' }, { code: 'update' }],
          extension: Object.values(HUB_EXTENSION).map((url) => ({
            url: 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-supported-extension',
            valueUri: url,
          })),
        },
        {
          type: 'Patient',
          profile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
          interaction: [{ code: 'create' }, { code: 'update' }],
          documentation:
            'Merges only: Patient.link replaced-by / replaces, each record with its NHS number, records PatientsMerged; other Patient content is not stored.',
        },
      ],
      interaction: [{ code: 'transaction' }, { code: 'batch' }],
      operation: [
        {
          name: 'process-message',
          definition: 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message',
        },
      ],
    },
  ],
  messaging: [
    {
      supportedMessage: [
        { mode: 'receiver', definition: `${baseUrl}/MessageDefinition/homefirst-encounter` },
      ],
    },
  ],
});
