import type { Location, Pathway } from '@homefirst/schemas';
import type { HospitalFact, SpellSnapshot } from '../model/facts';
import type { CityParameters } from '../model/parameters';
import type { Person } from '../model/people';
import { hl7Date, hl7DateTime } from './time-format';

/**
 * HL7 v2.4 ADT as an English trust's PAS sends it through its interface engine (ITK style), with the
 * hub's ZDR segment for discharge readiness as connectors/hl7v2 defines it (src/mapping/readiness.ts):
 *   ZDR-1 discharge ready date/time (DTM) · ZDR-2 R ready / W withdrawn · ZDR-3 pathway 0–3
 *   (on A03: the pathway actually taken) · ZDR-4 sitrep delay reason code · ZDR-5 criterion to reside 01–12
 * Pure: the same fact and message id give the same bytes. Segments end with CR.
 */

const TRIGGERS = {
  Admitted: ['A01', 'ADT_A01'],
  Transferred: ['A02', 'ADT_A02'],
  ExpectedDischargeDateSet: ['A08', 'ADT_A01'],
  ReadyDeclared: ['A08', 'ADT_A01'],
  ReadinessWithdrawn: ['A08', 'ADT_A01'],
  Discharged: ['A03', 'ADT_A03'],
  AdmissionCancelled: ['A11', 'ADT_A09'],
} as const satisfies Record<HospitalFact['kind'], readonly [string, string]>;

export const hl7TriggerOf = (fact: HospitalFact): string => TRIGGERS[fact.kind][0];

/** Invented consultants (GMC-like codes are made up). */
const CONSULTANTS = [
  'C4100231^OKAFOR^NGOZI^^^DR',
  'C4100342^LINDQVIST^ERIK^^^DR',
  'C4100453^BRENNAN^SIOBHAN^^^DR',
  'C4100564^RAHMAN^TARIQ^^^DR',
  'C4100675^HOLLOWAY^CLAIRE^^^DR',
  'C4100786^NAKAMURA^KENJI^^^DR',
] as const;

/** Treatment function codes by kind of ward: 300 general medicine, 430 geriatric medicine, 100 general surgery. */
const SERVICE_BY_WARD_KIND: Readonly<Record<string, string>> = {
  ASSESSMENT: '300',
  MEDICAL: '300',
  ELDERLY_CARE: '430',
  SURGICAL: '100',
};

export interface Hl7RenderOptions {
  /** Write this NHS number instead of the person's (a malformed copy). */
  readonly nhsNumberOverride?: string;
}

export function renderHl7(
  fact: HospitalFact,
  messageId: string,
  params: CityParameters,
  options: Hl7RenderOptions = {},
): string {
  const [trigger, structure] = TRIGGERS[fact.kind];
  const ods = params.trust.odsCode;
  const spell = fact.spell;
  const at = hl7DateTime(fact.at);
  const consultant = CONSULTANTS[hashOf(spell.spellId) % CONSULTANTS.length] ?? CONSULTANTS[0];
  const segments = [
    segment('MSH', [
      '^~\\&',
      params.trust.hl7SendingApplication,
      ods,
      'HOMEFIRST',
      'HUB',
      at,
      '',
      `ADT^${trigger}^${structure}`,
      messageId,
      'P',
      '2.4',
      '',
      '',
      'AL',
      'NE',
      'GBR',
      'UNICODE UTF-8',
    ]),
    segment('EVN', [trigger, at, '', '', consultant, at]),
    pid(fact, ods, options.nhsNumberOverride ?? fact.person.nhsNumber),
    pv1(fact, ods, consultant, params),
  ];
  if (
    spell.expectedDischargeDate !== null &&
    fact.kind !== 'Discharged' &&
    fact.kind !== 'AdmissionCancelled'
  ) {
    segments.push(segment('PV2', ['', '', '', '', '', '', '', '', hl7Date(spell.expectedDischargeDate)]));
  }
  const zdr = zdrOf(fact);
  if (zdr !== null) segments.push(zdr);
  return segments.join('\r');
}

function pid(fact: HospitalFact, ods: string, nhsNumber: string): string {
  const person: Person = fact.person;
  const fields: string[] = [];
  fields[1] = '1';
  fields[3] = `${nhsNumber}^^^NHS^NH~${person.mrn}^^^${ods}^MR`;
  fields[5] = `${escape(person.familyName)}^${escape(person.givenName)}^^^${titleOf(person)}`;
  fields[7] = hl7Date(person.birthDate);
  fields[8] = person.sex;
  fields[11] = `${escape(person.address.line)}^^${escape(person.address.city)}^^${person.address.postcode}^GBR^H`;
  const died = fact.kind === 'Discharged' && fact.died;
  if (died) fields[29] = hl7DateTime(fact.at);
  fields[30] = died ? 'Y' : 'N';
  return segment('PID', fields.slice(1));
}

function pv1(fact: HospitalFact, ods: string, consultant: string, params: CityParameters): string {
  const spell: SpellSnapshot = fact.spell;
  const fields: string[] = [];
  fields[1] = '1';
  fields[2] = 'I';
  fields[3] = locationText(spell.location);
  fields[4] = spell.admissionMethodCode;
  if (fact.kind === 'Transferred') fields[6] = locationText(fact.from);
  fields[7] = consultant;
  fields[10] = SERVICE_BY_WARD_KIND[wardKindOf(spell.location, params)] ?? '300';
  fields[14] = '19';
  fields[17] = consultant;
  fields[19] = `${spell.spellId}^^^${ods}^VN`;
  if (fact.kind === 'Discharged') {
    fields[36] = fact.dischargeMethodCode;
    fields[37] = fact.destinationCode;
    fields[45] = hl7DateTime(fact.at);
  }
  fields[44] = hl7DateTime(spell.admittedAt);
  return segment('PV1', fields.slice(1));
}

function zdrOf(fact: HospitalFact): string | null {
  switch (fact.kind) {
    case 'ReadyDeclared':
      return segment('ZDR', [
        hl7DateTime(fact.dischargeReadyAt),
        'R',
        pathwayDigit(fact.proposedPathway),
        fact.delayReason ?? '',
      ]);
    case 'ReadinessWithdrawn':
      return segment('ZDR', ['', 'W', '', '', fact.criterion.slice(3, 5)]);
    case 'Discharged':
      return fact.actualPathway === 'UNKNOWN'
        ? null
        : segment('ZDR', ['', '', pathwayDigit(fact.actualPathway)]);
    case 'Admitted':
    case 'Transferred':
    case 'ExpectedDischargeDateSet':
    case 'AdmissionCancelled':
      return null;
    default:
      return fact satisfies never;
  }
}

function pathwayDigit(pathway: Pathway): string {
  return pathway === 'UNKNOWN' ? '' : pathway.slice(1);
}

function locationText(location: Location): string {
  return [location.ward, location.room, location.bed, location.site]
    .map((part) => escape(part ?? ''))
    .join('^');
}

function wardKindOf(location: Location, params: CityParameters): string {
  for (const site of params.trust.sites) {
    const ward = site.wards.find((candidate) => candidate.code === location.ward);
    if (ward) return ward.kind;
  }
  return 'MEDICAL';
}

function titleOf(person: Person): string {
  return person.sex === 'M' ? 'MR' : 'MRS';
}

/** A segment from its fields 1..n; empty trailing fields are dropped. */
function segment(name: string, fields: readonly (string | undefined)[]): string {
  const values = Array.from(fields, (field) => field ?? '');
  while (values.length > 0 && values[values.length - 1] === '') values.pop();
  // MSH-1 is the field separator itself: MSH|^~\&|… has MSH-2 right after the name's separator.
  return [name, ...values].join('|');
}

/** HL7 escape sequences for text (names, addresses). */
export function escape(text: string): string {
  return text.replace(
    /[\\|^&~]/g,
    (char) => ({ '\\': '\\E\\', '|': '\\F\\', '^': '\\S\\', '&': '\\T\\', '~': '\\R\\' })[char] ?? char,
  );
}

function hashOf(text: string): number {
  let h = 0;
  for (const char of text) h = (Math.imul(h, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return h;
}

/**
 * A message cut off part-way through PID-3 (the NHS number is left with six digits) and everything after
 * it lost: what a broken interface or a size limit does. The hub must answer AE.
 */
export function truncateHl7(message: string): string {
  const segments = message.split('\r');
  const index = segments.findIndex((text) => text.startsWith('PID|'));
  if (index === -1) return segments.slice(0, Math.max(1, segments.length - 1)).join('\r');
  const pidText = segments[index] ?? '';
  const identifiersAt = pidText.split('|').slice(0, 3).join('|').length + 1;
  return [...segments.slice(0, index), pidText.slice(0, identifiersAt + 6)].join('\r');
}
