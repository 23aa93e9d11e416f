import {
  DEFAULT_CLOCK_SKEW_TOLERANCE_MS,
  checkDateOrder,
  checkOrder,
  dischargeDestinationOfCode,
  leapSecondFlag,
  type NhsNumberPolicy,
  readIsoDateTime,
  type DataQualityFlag,
  type OrderCheck,
  type DischargeDestination,
  type LocalDate,
  type Location as HubLocation,
  type PatientClass,
  type Pathway,
  type DelayReason,
} from '@homefirst/schemas';
import { issue, type FhirIssue } from '../errors';
import { hasTime, instantOf, localDateOf } from '../fhir/datetime';
import { readNhsIdentifier } from '../fhir/nhs-identifier';
import { fhirIssuesOf } from '../fhir/paths';
import {
  IDENTIFIER_TYPE_SYSTEM,
  NHS_NUMBER_SYSTEM,
  ODS_SITE_SYSTEM,
  location as locationSchema,
  patient as patientSchema,
  type Encounter,
  type EncounterStatus,
  type Identifier,
  type Location,
  type Patient,
  type Reference,
} from '../fhir/model';
import {
  readCodedExtension,
  readDischargePathway,
  readExpectedDischargeDate,
  readReadiness,
  UK_CORE_EXTENSION,
  type ExtensionUrls,
  type Readiness,
} from './extensions';
import type { AdmissionFacts } from '@homefirst/schemas';
import { admissionFactsOf } from './admission';
import { patientClassOf, type MessageIntent } from './vocabulary';

/**
 * What one Encounter says, interpreted and checked once at the boundary: the rest of the mapping works on
 * these facts only. Pure: no I/O, the same input always gives the same facts or the same issues.
 */

/** Who the Encounter is about, as the message tells: an NHS number (modulus-11 checked) and/or a local id. */
export interface PatientIdentity {
  readonly nhsNumber: string | null;
  /** The trust's local patient id (MRN), unique within the trust. */
  readonly mrn: string | null;
}

/** A place the patient was during the spell, from `Encounter.location` entries that started together. */
export interface LocationStay {
  readonly location: HubLocation;
  /** `Encounter.location.period.start`, when given. */
  readonly since: Date | null;
  /** The patient is here now (an `active` entry, else the latest stay). */
  readonly current: boolean;
}

export interface EncounterFacts {
  /** Encounter.id, else the first Encounter.identifier (the trust's spell / visit number). */
  readonly spellId: string;
  readonly status: EncounterStatus;
  readonly patientClass: PatientClass;
  /** Only inpatient stays produce hospital events (ACUTE, IMP, NONAC). */
  readonly inpatient: boolean;
  readonly admittedAt: Date | null;
  /** period.end of a finished Encounter. */
  readonly dischargedAt: Date | null;
  readonly lastUpdated: Date | null;
  /** In the order they happened; the last `current` one is where the patient is. */
  readonly stays: readonly LocationStay[];
  readonly admissionMethodCode: string | null;
  readonly dischargeMethodCode: string | null;
  readonly destination: DischargeDestination | null;
  /** Pathway stated with the hub's DischargePathway extension. */
  readonly statedPathway: Pathway | null;
  readonly readiness: Readiness | null;
  readonly expectedDischargeDate: LocalDate | null;
  /** What the carrying message says happened, when the state alone cannot tell. */
  readonly intent: MessageIntent | null;
  /** Data-quality flags (times out of order within the tolerance, leap seconds), put on every event. */
  readonly dataQuality: readonly DataQualityFlag[];
  /** Age band and usual place of residence at admission (contract v3; the date of birth is not kept). */
  readonly admission: AdmissionFacts;
}

/** Resources an Encounter may point at: contained ones and, in a Bundle, the other entries. */
export interface ResourceLookup {
  /** The resource a reference points at, with its FHIRPath, or undefined. */
  find(ref: string, from: string): { readonly resource: unknown; readonly path: string } | undefined;
}

export interface FactOptions {
  readonly extensionUrls: ExtensionUrls;
  /**
   * How far the Encounter's times may be in the wrong order (period.end before period.start, readiness
   * before admission) before it is refused; within it its events carry a CLOCK_SKEW flag. Default 5 min
   * (HOMEFIRST_CLOCK_SKEW_TOLERANCE).
   */
  readonly clockSkewToleranceMs?: number;
  /** Whether 999 test numbers are accepted (HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS; default: accepted). */
  readonly nhsNumbers?: NhsNumberPolicy;
  /** Identifier systems that hold the trust's local patient id (besides identifiers typed `MR`). */
  readonly mrnSystems: readonly string[];
  /**
   * The trust's own delay-reason codes → hub codes (HOMEFIRST_FHIR_DELAY_REASON_CODES), read before the hub
   * codes (docs/delay-reasons.md). None by default.
   */
  readonly delayReasonCodes?: ReadonlyMap<string, DelayReason>;
}

/** Whether an identifier is the trust's local patient id: typed `MR` (v2-0203) or in a configured system. */
export const isMrn = (id: Identifier, mrnSystems: readonly string[]): boolean =>
  (id.system !== undefined && mrnSystems.includes(id.system)) ||
  (id.type?.coding ?? []).some(
    (c) => c.code === 'MR' && (c.system === undefined || c.system === IDENTIFIER_TYPE_SYSTEM),
  );

/** The NHS number and MRN of the patient the Encounter's subject points at. */
function identityOf(
  encounter: Encounter,
  root: string,
  lookup: ResourceLookup,
  options: FactOptions,
): { identity: PatientIdentity; issues: FhirIssue[]; birthDate: string | null } {
  const issues: FhirIssue[] = [];
  let birthDate: string | null = null;
  const candidates: Array<{ nhsNumber: string; path: string }> = [];
  let mrn: string | null = null;

  const consider = (id: Identifier, path: string): void => {
    const value = id.value?.trim();
    if (value === undefined || value === '') return;
    if (id.system === NHS_NUMBER_SYSTEM) {
      const read = readNhsIdentifier(value, path, options.nhsNumbers);
      if ('issue' in read) issues.push(read.issue);
      else candidates.push({ nhsNumber: read.nhsNumber, path });
    } else if (mrn === null && isMrn(id, options.mrnSystems)) {
      mrn = value;
    }
  };

  const subject: Reference | undefined = encounter.subject;
  if (subject === undefined) {
    issues.push(
      issue(`${root}.subject`, 'is required: the patient (NHS number or local patient id)', 'required'),
    );
    return { identity: { nhsNumber: null, mrn: null }, issues, birthDate };
  }
  if (subject.identifier) {
    const id = subject.identifier;
    // A bare subject.identifier that is not the NHS number is the trust's local id, whatever its system.
    if (id.system !== NHS_NUMBER_SYSTEM && id.value !== undefined && id.value.trim() !== '')
      mrn = id.value.trim();
    else consider(id, `${root}.subject.identifier`);
  }
  if (subject.reference !== undefined) {
    const target = lookup.find(subject.reference, root);
    if (target) {
      const parsed = patientSchema.safeParse(target.resource);
      if (!parsed.success) issues.push(...fhirIssuesOf(parsed.error, target.path, target.resource));
      else {
        const patient: Patient = parsed.data;
        birthDate = patient.birthDate ?? null;
        (patient.identifier ?? []).forEach((id, i) => consider(id, `${target.path}.identifier[${i}]`));
      }
    }
  }

  const distinct = [...new Set(candidates.map((c) => c.nhsNumber))];
  if (distinct.length > 1) {
    issues.push(
      issue(
        candidates[1]?.path ?? `${root}.subject`,
        'disagrees with another NHS number given for the same patient',
        'business-rule',
      ),
    );
  }
  const nhsNumber = distinct[0] ?? null;
  if (nhsNumber === null && mrn === null && issues.length === 0) {
    issues.push(
      issue(
        `${root}.subject`,
        `names no NHS number (${NHS_NUMBER_SYSTEM}) and no local patient id (identifier type MR)`,
        'required',
      ),
    );
  }
  return { identity: { nhsNumber, mrn }, issues, birthDate };
}

type LocationPart = 'site' | 'ward' | 'room' | 'bed';
const PHYSICAL_TYPES: Readonly<Record<string, LocationPart>> = {
  si: 'site',
  bu: 'site',
  wi: 'ward',
  lvl: 'ward',
  area: 'ward',
  wa: 'ward',
  ro: 'room',
  bd: 'bed',
};

/** `Encounter.location` as stays: entries that start at the same time describe one place (site, ward, bed). */
function staysOf(encounter: Encounter, root: string, lookup: ResourceLookup): LocationStay[] {
  const groups = new Map<
    string,
    { since: Date | null; parts: Partial<Record<LocationPart, string>>; active: boolean }
  >();
  (encounter.location ?? []).forEach((entry, index) => {
    if (entry.status === 'planned' || entry.status === 'reserved') return;
    const target = entry.location.reference ? lookup.find(entry.location.reference, root) : undefined;
    const parsed = target ? locationSchema.safeParse(target.resource) : undefined;
    const resolved: Location | undefined = parsed?.success ? parsed.data : undefined;
    const identifiers = [entry.location.identifier, ...(resolved?.identifier ?? [])].filter(
      (id): id is Identifier => id?.value !== undefined,
    );
    const value =
      identifiers[0]?.value ??
      entry.location.display ??
      resolved?.name ??
      entry.location.reference?.split('/').pop()?.replace(/^#/, '') ??
      `location ${index}`;
    const code = (entry.physicalType ?? resolved?.physicalType)?.coding?.[0]?.code;
    const part: LocationPart = identifiers.some((id) => id.system === ODS_SITE_SYSTEM)
      ? 'site'
      : (PHYSICAL_TYPES[code ?? 'wa'] ?? 'ward');
    const key = entry.period?.start ?? '';
    const group = groups.get(key) ?? {
      since: entry.period?.start ? instantOf(entry.period.start) : null,
      parts: {},
      active: false,
    };
    group.parts[part] ??= value;
    group.active ||= entry.status === 'active';
    groups.set(key, group);
  });
  const ordered = [...groups.values()].sort(
    (a, b) => (a.since?.getTime() ?? -Infinity) - (b.since?.getTime() ?? -Infinity),
  );
  const currentIndex = ordered.findLastIndex((g) => g.active);
  const current = currentIndex === -1 ? ordered.length - 1 : currentIndex;
  return ordered.map((g, i) => ({
    location: {
      site: g.parts.site ?? null,
      ward: g.parts.ward ?? null,
      room: g.parts.room ?? null,
      bed: g.parts.bed ?? null,
    },
    since: g.since,
    current: i === current,
  }));
}

/** Interprets an Encounter (already shape-checked by the model schema) into facts, or the issues why not. */
export function factsOf(
  encounter: Encounter,
  root: string,
  lookup: ResourceLookup,
  options: FactOptions,
  intent: MessageIntent | null,
): { facts: EncounterFacts; identity: PatientIdentity; issues: FhirIssue[] } {
  const issues: FhirIssue[] = [];
  const spellId = encounter.id ?? encounter.identifier?.find((id) => id.value !== undefined)?.value;
  if (spellId === undefined)
    issues.push(issue(`${root}.id`, 'is required (or an identifier): it is the spell id', 'required'));

  const patientClass = patientClassOf(encounter.class.code);
  const inpatient = patientClass === 'INPATIENT';
  const started = ['in-progress', 'onleave', 'finished'].includes(encounter.status);
  if (inpatient && started && encounter.period?.start === undefined)
    issues.push(
      issue(
        `${root}.period.start`,
        'is required once the patient is admitted (the admission time)',
        'required',
      ),
    );
  if (inpatient && encounter.status === 'finished' && encounter.period?.end === undefined)
    issues.push(
      issue(
        `${root}.period.end`,
        'is required when the Encounter is finished (the discharge time)',
        'required',
      ),
    );

  const { identity, issues: identityIssues, birthDate } = identityOf(encounter, root, lookup, options);
  // A stay the hub does not record needs no person; a bad NHS number is still refused.
  issues.push(...(inpatient ? identityIssues : identityIssues.filter((i) => i.type !== 'required')));

  const urls = options.extensionUrls;
  const readiness = readReadiness(
    encounter.extension,
    urls.dischargeReadiness,
    root,
    options.delayReasonCodes,
  );
  const edd = readExpectedDischargeDate(encounter.extension, urls.expectedDischargeDate, root);
  const statedPathway = readDischargePathway(encounter.extension, urls.dischargePathway, root);
  issues.push(...readiness.issues, ...edd.issues, ...statedPathway.issues);

  const dispositionCode = encounter.hospitalization?.dischargeDisposition?.coding?.find(
    (c) => c.code !== undefined,
  )?.code;
  const periodEnd = encounter.period?.end;
  // An end on an Encounter still in progress is when the trust expects it to end (the EDD).
  const expectedDischargeDate =
    edd.value ??
    (encounter.status === 'in-progress' && periodEnd !== undefined ? localDateOf(periodEnd) : null);

  const facts: EncounterFacts = {
    spellId: spellId ?? '',
    status: encounter.status,
    patientClass,
    inpatient,
    admittedAt: encounter.period?.start !== undefined ? instantOf(encounter.period.start) : null,
    dischargedAt: encounter.status === 'finished' && periodEnd !== undefined ? instantOf(periodEnd) : null,
    lastUpdated: encounter.meta?.lastUpdated !== undefined ? instantOf(encounter.meta.lastUpdated) : null,
    stays: staysOf(encounter, root, lookup),
    admissionMethodCode: readCodedExtension(
      UK_CORE_EXTENSION.admissionMethod,
      encounter.hospitalization?.extension,
      encounter.extension,
    ),
    dischargeMethodCode: readCodedExtension(
      UK_CORE_EXTENSION.dischargeMethod,
      encounter.hospitalization?.extension,
      encounter.extension,
    ),
    destination: dispositionCode !== undefined ? dischargeDestinationOfCode(dispositionCode) : null,
    statedPathway: statedPathway.value,
    readiness: readiness.value,
    expectedDischargeDate,
    intent,
    dataQuality: [],
    admission: admissionFactsOf(
      encounter,
      birthDate,
      encounter.period?.start !== undefined ? instantOf(encounter.period.start) : null,
    ),
  };
  const quality = dataQualityOf(encounter, root, readiness.value, options);
  issues.push(...quality.issues);
  return { facts: { ...facts, dataQuality: quality.flags }, identity, issues };
}

/** A FHIR date or date-time and its element path, for the ordering rule. */
const timed = (path: string, value: string): { field: string; at: Date } => ({
  field: path,
  at: instantOf(value),
});

/**
 * FHIR's invariant per-1 (period.start ≤ period.end) and the readiness after the admission, with the
 * hub's clock-skew tolerance (schemas time/ordering.ts): a date without a time counts to the end of its
 * day. Also flags leap seconds read as :59.999. Issues name the elements and the gap, never the times.
 */
function dataQualityOf(
  encounter: Encounter,
  root: string,
  readiness: Readiness | null,
  options: FactOptions,
): { flags: DataQualityFlag[]; issues: FhirIssue[] } {
  const tolerance = options.clockSkewToleranceMs ?? DEFAULT_CLOCK_SKEW_TOLERANCE_MS;
  const flags: DataQualityFlag[] = [];
  const issues: FhirIssue[] = [];
  const { start, end } = encounter.period ?? {};
  const times: [string, string | undefined][] = [
    [`${root}.period.start`, start],
    [`${root}.period.end`, end],
    [`${root}.meta.lastUpdated`, encounter.meta?.lastUpdated],
  ];
  for (const [path, value] of times) {
    if (value !== undefined && hasTime(value) && readIsoDateTime(value).ok && value.includes(':60'))
      flags.push(leapSecondFlag(path));
  }
  if (start === undefined) return { flags, issues };
  const admitted = timed(`${root}.period.start`, start);
  const checks: OrderCheck[] = [];
  if (end !== undefined)
    checks.push(
      hasTime(end)
        ? checkOrder(admitted, timed(`${root}.period.end`, end), tolerance)
        : checkDateOrder(admitted, { field: `${root}.period.end`, date: end }, tolerance),
    );
  if (readiness?.status === 'declared') {
    const field = `${root}.extension(discharge readiness)`;
    checks.push(
      readiness.readyAt === null
        ? checkDateOrder(admitted, { field, date: readiness.readyDate }, tolerance)
        : checkOrder(admitted, { field, at: readiness.readyAt }, tolerance),
    );
  }
  for (const check of checks) {
    if (check.kind === 'skewed') flags.push(check.flag);
    if (check.kind === 'reversed') issues.push(issue(check.field, check.problem, 'invariant'));
  }
  return { flags, issues };
}
