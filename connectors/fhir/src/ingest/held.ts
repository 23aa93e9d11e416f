import { HeldMessages, type IdentityStore } from '@homefirst/runtime';
import type {
  AgeBand,
  DischargeDestination,
  LocalDate,
  PatientClass,
  Pathway,
  UsualPlaceOfResidence,
} from '@homefirst/schemas';
import { z } from 'zod';
import type { EncounterUnit } from '../fhir/parse';
import { ENCOUNTER_STATUSES } from '../fhir/model';
import type { Readiness } from '../mapping/extensions';
import type { EncounterFacts, LocationStay } from '../mapping/facts';
import type { MessageIntent } from '../mapping/vocabulary';

/**
 * An Encounter waiting for its patient's NHS number (it named only the trust's local patient id), as kept
 * in the identity index's held list (runtime's held envelope, owner `fhir`) until a message links that id
 * to an NHS number. Its raw message is already on the raw topic; this is what the mapping needs to finish
 * the job.
 */
export interface HeldEncounter {
  readonly unit: EncounterUnit;
  readonly system: string;
  readonly correlationId: string;
  readonly receivedAt: Date;
}

export const FHIR_HELD_OWNER = 'fhir';

const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
/** A code the mapping wrote from its own vocabulary: checked to be text, typed as that vocabulary. */
const code = <T extends string>() => z.custom<T>((value) => typeof value === 'string');
/** A nested value the mapping wrote: checked to be an object (or null), typed as the mapping's. */
const written = <T>() => z.custom<T>((value) => typeof value === 'object');

const location = z.object({
  site: z.string().nullable(),
  ward: z.string().nullable(),
  room: z.string().nullable(),
  bed: z.string().nullable(),
});

const stay = z.object({
  location,
  since: instant.nullable(),
  current: z.boolean(),
}) satisfies z.ZodType<LocationStay, unknown>;

const readiness = z.union([
  z.object({
    status: z.literal('declared'),
    readyDate: code<LocalDate>(),
    readyAt: instant.nullable(),
    proposedPathway: code<Pathway>(),
    delay: written<Extract<Readiness, { status: 'declared' }>['delay']>(),
  }),
  z.object({
    status: z.literal('withdrawn'),
    criterion: written<Extract<Readiness, { status: 'withdrawn' }>['criterion']>(),
  }),
]);

const facts = z.object({
  spellId: z.string().min(1),
  status: z.enum(ENCOUNTER_STATUSES),
  patientClass: code<PatientClass>(),
  inpatient: z.boolean(),
  admittedAt: instant.nullable(),
  dischargedAt: instant.nullable(),
  lastUpdated: instant.nullable(),
  stays: z.array(stay),
  admissionMethodCode: z.string().nullable(),
  dischargeMethodCode: z.string().nullable(),
  destination: code<DischargeDestination>().nullable(),
  statedPathway: code<Pathway>().nullable(),
  readiness: readiness.nullable(),
  expectedDischargeDate: code<LocalDate>().nullable(),
  intent: code<MessageIntent>().nullable(),
  // Held before flags existed: none.
  dataQuality: z
    .array(
      z.object({
        code: z.enum(['CLOCK_SKEW', 'LEAP_SECOND', 'STEP_OUT_OF_ORDER', 'DERIVED_VALUE', 'UNKNOWN']),
        fields: z.array(z.string()),
        detail: z.string(),
      }),
    )
    .default([]),
  // Held before contract v3: the admission facts are not known (null), as for a source that gives none.
  admission: z
    .object({
      ageBandAtAdmission: code<AgeBand>().nullable(),
      usualPlaceOfResidence: code<UsualPlaceOfResidence>().nullable(),
      admissionSourceCode: z.string().nullable(),
    })
    .default({ ageBandAtAdmission: null, usualPlaceOfResidence: null, admissionSourceCode: null }),
}) satisfies z.ZodType<EncounterFacts, unknown>;

/** The held Encounter as the envelope's payload: its dates revived, its shape checked. */
export const heldEncounterSchema = z.object({
  unit: z.object({
    path: z.string(),
    entryIndex: z.number().int().nullable(),
    messageId: z.string().min(1),
    part: z.string(),
    facts,
    identity: z.object({ nhsNumber: z.string().nullable(), mrn: z.string().nullable() }),
  }),
  system: z.string(),
  correlationId: z.string().min(1),
  receivedAt: instant,
}) satisfies z.ZodType<HeldEncounter, unknown>;

/** This connector's held Encounters in an identity index (another connector may share it). */
export const heldEncountersIn = (
  identity: IdentityStore,
): HeldMessages<typeof heldEncounterSchema, HeldEncounter> =>
  new HeldMessages(identity, FHIR_HELD_OWNER, heldEncounterSchema);
