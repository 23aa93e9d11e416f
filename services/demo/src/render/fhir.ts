import type { Location } from '@homefirst/schemas';
import type { HospitalFact, SpellSnapshot } from '../model/facts';
import type { CityParameters } from '../model/parameters';
import { hl7TriggerOf } from './hl7v2';
import { isoLocal } from './time-format';

/**
 * FHIR R4 message Bundles as a trust's EPR sends them: MessageHeader first (eventCoding an HL7 v2 trigger,
 * focus the Encounter), then the UK Core Encounter with its whole current state and the Patient. The
 * hub's extensions for discharge readiness, expected discharge date and discharge pathway follow
 * connectors/fhir (src/mapping/extensions.ts). Pure.
 */

export const FHIR_URL = {
  hubBase: 'https://fhir.homefirst.nhs.uk',
  readinessExtension:
    'https://fhir.homefirst.nhs.uk/StructureDefinition/Extension-Homefirst-DischargeReadiness',
  eddExtension: 'https://fhir.homefirst.nhs.uk/StructureDefinition/Extension-Homefirst-ExpectedDischargeDate',
  pathwayExtension: 'https://fhir.homefirst.nhs.uk/StructureDefinition/Extension-Homefirst-DischargePathway',
  delayReasonSystem: 'https://fhir.homefirst.nhs.uk/CodeSystem/Homefirst-DelayReason',
  pathwaySystem: 'https://fhir.homefirst.nhs.uk/CodeSystem/Homefirst-DischargePathway',
  criteriaSystem: 'https://fhir.homefirst.nhs.uk/CodeSystem/Homefirst-CriteriaToReside',
  admissionMethodExtension: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod',
  dischargeMethodExtension: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod',
  admissionMethodSystem: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-AdmissionMethodEngland',
  dischargeMethodSystem: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeMethodEngland',
  dischargeDestinationSystem: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland',
  encounterProfile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter',
  patientProfile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsOrganisation: 'https://fhir.nhs.uk/Id/ods-organization-code',
  odsSite: 'https://fhir.nhs.uk/Id/ods-site-code',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  v2Event: 'http://terminology.hl7.org/CodeSystem/v2-0003',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  physicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
} as const;

/** A JSON value: what the renderer builds. */
export type Json =
  string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

export interface FhirRenderOptions {
  readonly nhsNumberOverride?: string;
}

/** The base URL the fictional EPR names itself by (reserved `.example` domain). */
export function eprBaseOf(params: CityParameters): string {
  return `https://epr.${params.trust.odsCode.toLowerCase()}.example/fhir`;
}

export function renderFhirBundle(
  fact: HospitalFact,
  messageId: string,
  params: CityParameters,
  options: FhirRenderOptions = {},
): Json {
  const base = eprBaseOf(params);
  const encounter = encounterOf(fact, params);
  const patient = patientOf(fact, params, options.nhsNumberOverride ?? fact.person.nhsNumber);
  const trigger = hl7TriggerOf(fact);
  return {
    resourceType: 'Bundle',
    id: messageId,
    meta: { lastUpdated: isoLocal(fact.at) },
    type: 'message',
    timestamp: isoLocal(fact.at),
    entry: [
      {
        fullUrl: `${base}/MessageHeader/${messageId}`,
        resource: {
          resourceType: 'MessageHeader',
          id: messageId,
          eventCoding: {
            system: FHIR_URL.v2Event,
            code: trigger,
            display: TRIGGER_DISPLAY[trigger] ?? trigger,
          },
          destination: [{ name: 'Homefirst Hub', endpoint: 'https://hub.homefirst.example/fhir' }],
          sender: { identifier: { system: FHIR_URL.odsOrganisation, value: params.trust.odsCode } },
          source: { name: params.trust.fhirSourceName, software: 'Demo EPR', endpoint: base },
          focus: [{ reference: `Encounter/${fact.spell.spellId}` }],
        },
      },
      { fullUrl: `${base}/Encounter/${fact.spell.spellId}`, resource: encounter },
      { fullUrl: `${base}/Patient/${fact.person.mrn}`, resource: patient },
    ],
  };
}

const TRIGGER_DISPLAY: Readonly<Record<string, string>> = {
  A01: 'Admit/visit notification',
  A02: 'Transfer a patient',
  A03: 'Discharge/end visit',
  A08: 'Update patient information',
  A11: 'Cancel admit/visit notification',
};

function encounterOf(fact: HospitalFact, params: CityParameters): Json {
  const spell = fact.spell;
  const finished = fact.kind === 'Discharged';
  const cancelled = fact.kind === 'AdmissionCancelled';
  const extension: Json[] = [];
  const readiness = readinessExtension(spell);
  if (readiness !== null) extension.push(readiness);
  if (spell.expectedDischargeDate !== null)
    extension.push({ url: FHIR_URL.eddExtension, valueDate: spell.expectedDischargeDate });
  if (fact.kind === 'Discharged' && fact.actualPathway !== 'UNKNOWN')
    extension.push({ url: FHIR_URL.pathwayExtension, valueCode: fact.actualPathway });

  const hospitalizationExtension: Json[] = [
    {
      url: FHIR_URL.admissionMethodExtension,
      valueCodeableConcept: {
        coding: [{ system: FHIR_URL.admissionMethodSystem, code: spell.admissionMethodCode }],
      },
    },
  ];
  if (fact.kind === 'Discharged')
    hospitalizationExtension.push({
      url: FHIR_URL.dischargeMethodExtension,
      valueCodeableConcept: {
        coding: [{ system: FHIR_URL.dischargeMethodSystem, code: fact.dischargeMethodCode }],
      },
    });

  return {
    resourceType: 'Encounter',
    id: spell.spellId,
    meta: { lastUpdated: isoLocal(fact.at), profile: [FHIR_URL.encounterProfile] },
    extension: extension.length > 0 ? extension : undefined,
    identifier: [{ system: `${eprBaseOf(params)}/Id/spell`, value: spell.spellId }],
    status: cancelled ? 'entered-in-error' : finished ? 'finished' : 'in-progress',
    class: { system: FHIR_URL.actCode, code: 'IMP', display: 'inpatient encounter' },
    subject: { reference: `Patient/${fact.person.mrn}` },
    period: { start: isoLocal(spell.admittedAt), end: finished ? isoLocal(fact.at) : undefined },
    hospitalization: {
      extension: hospitalizationExtension,
      dischargeDisposition:
        fact.kind === 'Discharged'
          ? { coding: [{ system: FHIR_URL.dischargeDestinationSystem, code: fact.destinationCode }] }
          : undefined,
    },
    location: locationsOf(spell, finished ? fact.at : null),
    serviceProvider: { identifier: { system: FHIR_URL.odsOrganisation, value: params.trust.odsCode } },
  };
}

function readinessExtension(spell: SpellSnapshot): Json | null {
  const readiness = spell.readiness;
  if (readiness === null) return null;
  if (readiness.status === 'WITHDRAWN') {
    const parts: Json[] = [{ url: 'status', valueCode: 'withdrawn' }];
    if (readiness.criterion !== null)
      parts.push({
        url: 'criterionToReside',
        valueCoding: { system: FHIR_URL.criteriaSystem, code: readiness.criterion.slice(3, 5) },
      });
    return { url: FHIR_URL.readinessExtension, extension: parts };
  }
  const parts: Json[] = [
    { url: 'status', valueCode: 'declared' },
    { url: 'readyDateTime', valueDateTime: isoLocal(readiness.dischargeReadyAt) },
  ];
  if (readiness.proposedPathway !== 'UNKNOWN')
    parts.push({ url: 'proposedPathway', valueCode: readiness.proposedPathway });
  if (readiness.delayReason !== null)
    parts.push({
      url: 'delayReason',
      valueCoding: { system: FHIR_URL.delayReasonSystem, code: readiness.delayReason },
    });
  return { url: FHIR_URL.readinessExtension, extension: parts };
}

/** Each place of the stay as site, ward, room and bed entries that start together. */
function locationsOf(spell: SpellSnapshot, endedAt: Date | null): Json[] {
  return spell.locations.flatMap((stay, index) => {
    const next = spell.locations[index + 1];
    const current = next === undefined && endedAt === null;
    const end = next?.since ?? endedAt;
    const period = { start: isoLocal(stay.since), end: end === null ? undefined : isoLocal(end) };
    const status = current ? 'active' : 'completed';
    return partsOf(stay.location).map(({ code, identifier }) => ({
      location: { identifier, display: identifier.value },
      status,
      physicalType: { coding: [{ system: FHIR_URL.physicalType, code }] },
      period,
    }));
  });
}

function partsOf(location: Location): { code: string; identifier: { system?: string; value: string } }[] {
  const parts: { code: string; identifier: { system?: string; value: string } }[] = [];
  if (location.site !== null)
    parts.push({ code: 'si', identifier: { system: FHIR_URL.odsSite, value: location.site } });
  if (location.ward !== null) parts.push({ code: 'wa', identifier: { value: location.ward } });
  if (location.room !== null) parts.push({ code: 'ro', identifier: { value: location.room } });
  if (location.bed !== null) parts.push({ code: 'bd', identifier: { value: location.bed } });
  return parts;
}

function patientOf(fact: HospitalFact, params: CityParameters, nhsNumber: string): Json {
  const person = fact.person;
  const died = fact.kind === 'Discharged' && fact.died;
  return {
    resourceType: 'Patient',
    id: person.mrn,
    meta: { profile: [FHIR_URL.patientProfile] },
    identifier: [
      { system: FHIR_URL.nhsNumber, value: nhsNumber },
      {
        type: { coding: [{ system: FHIR_URL.identifierType, code: 'MR' }] },
        system: `${eprBaseOf(params)}/Id/mrn`,
        value: person.mrn,
      },
    ],
    name: [{ use: 'official', family: titleCase(person.familyName), given: [titleCase(person.givenName)] }],
    gender: person.sex === 'F' ? 'female' : 'male',
    birthDate: person.birthDate,
    deceasedDateTime: died ? isoLocal(fact.at) : undefined,
    address: [
      {
        use: 'home',
        line: [titleCase(person.address.line)],
        city: titleCase(person.address.city),
        postalCode: person.address.postcode,
      },
    ],
  };
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

/** JSON text without undefined members. */
export function toJsonText(value: Json): string {
  return JSON.stringify(value);
}
